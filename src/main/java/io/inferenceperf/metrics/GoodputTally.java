package io.inferenceperf.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Goodput as inference-perf computes it over successful requests: a request is good when every constrained metric
 * exists and is at most its constraint (seconds). A request without TTFT or TPOT fails a constraint on it. A
 * request that streamed tokens takes its TTFT and TPOT limits from its SLO headers when it carries them (they
 * override the config's); the other metrics are limited by the config only. The block exists when the config
 * constrains something or a request carried a header SLO. Mergeable; not thread-safe.
 */
public final class GoodputTally {

  /** The constrainable metrics, in the order inference-perf checks (and reports) them. */
  private static final String[] METRICS = {"ttft", "tpot", "itl", "ntpot", "request_latency"};

  /**
   * The goodput_metrics block.
   *
   * @param attainmentPercentages metric key (e.g. "ttft_attainment_percentage") to percentage, constrained ones only
   */
  public record Result(
      double goodputPercentage,
      double requestGoodput,
      double tokenGoodput,
      long goodRequests,
      long totalRequests,
      Map<String, Double> attainmentPercentages) {}

  /** The metrics a request's SLO headers may limit. */
  public static final java.util.List<String> HEADER_SLO_METRICS = java.util.List.of("ttft", "tpot");

  private final double[] constraintSeconds = new double[METRICS.length];
  private final double[] headerSloSeconds = new double[METRICS.length];
  private boolean configConstrains;
  private boolean headerSloSeen;
  private final long[] applicable = new long[METRICS.length];
  private final long[] met = new long[METRICS.length];
  private long total;
  private long good;
  private long goodTokens;

  public GoodputTally(Map<String, Double> constraints) {
    this(constraints, Map.of());
  }

  /**
   * @param constraints report.goodput.constraints in seconds
   * @param headerSlos the SLOs in seconds (ttft, tpot) that every request's headers carry
   */
  public GoodputTally(Map<String, Double> constraints, Map<String, Double> headerSlos) {
    for (int i = 0; i < METRICS.length; i++) {
      Double limit = constraints.get(METRICS[i]);
      constraintSeconds[i] = limit == null ? Double.NaN : limit;
      Double header = headerSlos.get(METRICS[i]);
      headerSloSeconds[i] = header == null ? Double.NaN : header;
      configConstrains |= limit != null;
    }
  }

  /** Counts one successful request with its input tokens and effective output tokens. */
  public void add(RequestMetrics request, long inputTokens) {
    double[] values = {
      request.hasTtft() ? seconds(request.ttftNanos()) : Double.NaN,
      request.hasTpot() ? request.tpotNanos() / 1e9 : Double.NaN,
      request.meanItlNanos() / 1e9,
      request.ntpotNanos() / 1e9,
      seconds(request.latencyNanos())
    };
    boolean isGood = true;
    // inference-perf reads SLO headers only for streamed responses with token times
    boolean headersApply = request.hasTtft();
    for (int i = 0; i < METRICS.length; i++) {
      double limit = constraintSeconds[i];
      if (headersApply && !Double.isNaN(headerSloSeconds[i])) {
        limit = headerSloSeconds[i];
        headerSloSeen = true;
      }
      if (Double.isNaN(limit)) {
        continue;
      }
      applicable[i]++;
      if (!Double.isNaN(values[i]) && values[i] <= limit) {
        met[i]++;
      } else {
        isGood = false;
      }
    }
    total++;
    if (isGood) {
      good++;
      goodTokens += inputTokens + request.outputTokens();
    }
  }

  public void merge(GoodputTally other) {
    total += other.total;
    good += other.good;
    headerSloSeen |= other.headerSloSeen;
    goodTokens += other.goodTokens;
    for (int i = 0; i < METRICS.length; i++) {
      applicable[i] += other.applicable[i];
      met[i] += other.met[i];
    }
  }

  /**
   * The block, or null when there were no successful requests or nothing constrained them; {@code seconds} = span
   * of the successes.
   */
  public Result result(double seconds) {
    if (total == 0 || !(configConstrains || headerSloSeen)) {
      return null;
    }
    Map<String, Double> attainment = new LinkedHashMap<>();
    for (int i = 0; i < METRICS.length; i++) {
      if (applicable[i] > 0) {
        attainment.put(METRICS[i] + "_attainment_percentage", (double) met[i] / applicable[i] * 100);
      }
    }
    double requestGoodput = seconds > 0 ? good / seconds : 0.0;
    double tokenGoodput = seconds > 0 ? goodTokens / seconds : 0.0;
    return new Result((double) good / total * 100, requestGoodput, tokenGoodput, good, total, attainment);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
