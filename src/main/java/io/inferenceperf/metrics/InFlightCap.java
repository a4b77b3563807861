package io.inferenceperf.metrics;

import java.util.Locale;

/**
 * The most requests the client can have in flight: each of {@code workers} event loops holds at most
 * {@code perWorkerConcurrency} requests (0 = no cap) and, one request per HTTP/1.1 connection, at most
 * {@code perWorkerConnections}. By Little's law a cap of C at a mean latency of L seconds allows C / L requests per
 * second; a rate stage asking more is held back by the cap, not by the client's speed.
 */
public record InFlightCap(int workers, int perWorkerConcurrency, int perWorkerConnections) {

  /** Requests in flight the client allows, {@link Long#MAX_VALUE} when nothing caps them. */
  public long requests() {
    long perWorker = Long.MAX_VALUE;
    if (perWorkerConcurrency > 0) perWorker = perWorkerConcurrency;
    if (perWorkerConnections > 0) perWorker = Math.min(perWorker, perWorkerConnections);
    return perWorker == Long.MAX_VALUE ? perWorker : workers * perWorker;
  }

  public boolean capped() {
    return requests() != Long.MAX_VALUE;
  }

  /** The setting that sets the cap (the smaller of the two per-worker limits). */
  public String limitingKey() {
    boolean connections = perWorkerConnections > 0
        && (perWorkerConcurrency <= 0 || perWorkerConnections < perWorkerConcurrency);
    return connections ? "load.worker_max_tcp_connections" : "load.worker_max_concurrency";
  }

  /** Requests per second the cap allows at {@code latencySeconds} per request. */
  public double rateAllowed(double latencySeconds) {
    return requests() / latencySeconds;
  }

  /** e.g. "load.num_workers 2 x load.worker_max_concurrency 100 = 200 requests in flight". */
  public String describe() {
    String key = limitingKey();
    int perWorker = key.equals("load.worker_max_concurrency") ? perWorkerConcurrency : perWorkerConnections;
    return String.format(Locale.ROOT, "load.num_workers %d x %s %d = %d requests in flight", workers, key,
        perWorker, requests());
  }

  /** The per-worker value of {@link #limitingKey} that would let {@code rate} through at {@code latencySeconds}. */
  public long perWorkerNeeded(double rate, double latencySeconds) {
    // 20% headroom: latencies vary around their mean, and a cap met exactly delays requests already.
    return (long) Math.ceil(rate * latencySeconds * 1.2 / workers);
  }
}
