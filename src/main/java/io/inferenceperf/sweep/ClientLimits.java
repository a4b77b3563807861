package io.inferenceperf.sweep;

import io.inferenceperf.record.RequestRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the client, not the server, limited the probe: then the burn-down rate measures the client. Two signs:
 * the requests in flight reached the client's cap (load.num_workers × load.worker_max_concurrency), or requests
 * left late (schedule delay) or never left.
 */
public final class ClientLimits {

  /** A send this late (p90 of the probe's schedule delays) means the client could not keep up with the burst. */
  public static final long LATE_SEND_NANOS = 100_000_000L;

  private ClientLimits() {}

  /**
   * @param inFlightCap the client's cap of requests in flight, 0 = none
   * @return one sentence per limit found, naming the keys to change; empty when the client kept up
   */
  public static List<String> find(List<RequestRecord> records, List<ActiveSamples.Sample> samples, long inFlightCap) {
    List<String> limits = new ArrayList<>();
    int peak = samples.stream().mapToInt(ActiveSamples.Sample::active).max().orElse(0);
    if (inFlightCap > 0 && peak >= inFlightCap) {
      limits.add("the requests in flight reached the client's cap of " + inFlightCap + " (load.num_workers x"
          + " load.worker_max_concurrency): the backlog waited in the client, not in the server; raise"
          + " load.worker_max_concurrency");
    }
    long[] delays = records.stream().filter(r -> r.sentNanos() >= 0).mapToLong(RequestRecord::scheduleDelayNanos)
        .sorted().toArray();
    long notSent = records.stream().filter(r -> r.sentNanos() < 0).count();
    if (delays.length > 0 && delays[(int) Math.min(delays.length - 1, Math.round(0.9 * (delays.length - 1)))]
        > LATE_SEND_NANOS) {
      limits.add(String.format("the client sent the burst late (p90 schedule delay %.0f ms): lower"
          + " load.sweep.num_requests or raise load.num_workers", 
          delays[(int) Math.round(0.9 * (delays.length - 1))] / 1e6));
    }
    if (notSent > 0) {
      limits.add(notSent + " probe requests were never sent: raise load.sweep.timeout or"
          + " load.worker_max_concurrency");
    }
    return List.copyOf(limits);
  }
}
