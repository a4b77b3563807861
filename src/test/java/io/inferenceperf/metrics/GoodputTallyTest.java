package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Goodput on a golden set of five requests computed by hand with inference-perf's rules (spec 5.3): header SLOs
 * override the config's ttft and tpot for streamed requests; a metric that is missing fails its constraint; a
 * limit is met when the value is at most the limit.
 */
class GoodputTallyTest {
  private static final long MS = 1_000_000L;

  /** A request's metrics: ttft -1 = none (not streamed), tpot and itl NaN = none. */
  private static RequestMetrics request(long latencyMs, int outTokens, long ttftMs, double tpotMs, double itlMs) {
    return new RequestMetrics(latencyMs * MS, latencyMs * MS, outTokens, (double) latencyMs * MS / outTokens,
        ttftMs < 0 ? -1 : ttftMs * MS, -1, tpotMs * MS, itlMs * MS);
  }

  @Test
  void goldenSetWithHeaderSlosOverridingConfig() {
    GoodputTally tally = new GoodputTally(Map.of("ttft", 0.1, "itl", 0.02, "request_latency", 1.0),
        Map.of("ttft", 0.2, "tpot", 0.01));
    // ttft limit 0.2 (header), tpot 0.01 (header), itl 0.02, latency 1.0 (config)
    tally.add(request(900, 10, 150, 8, 10), 100); // good: every limit met
    tally.add(request(800, 10, 250, 9, 15), 100); // ttft 0.25 > 0.2
    tally.add(request(500, 10, 50, 20, 30), 100); // tpot and itl too slow
    tally.add(request(300, 10, -1, Double.NaN, Double.NaN), 100); // not streamed: config ttft 0.1, missing; itl missing
    tally.add(request(1000, 20, 200, 10, 20), 50); // good: every value exactly at its limit
    GoodputTally.Result result = tally.result(2.0);

    assertEquals(2, result.goodRequests());
    assertEquals(5, result.totalRequests());
    assertEquals(40.0, result.goodputPercentage(), 1e-12);
    assertEquals(1.0, result.requestGoodput(), 1e-12); // 2 good / 2 s
    assertEquals(90.0, result.tokenGoodput(), 1e-12); // (100 + 10 + 50 + 20) / 2 s
    assertEquals(List.of("ttft_attainment_percentage", "tpot_attainment_percentage", "itl_attainment_percentage",
        "request_latency_attainment_percentage"), List.copyOf(result.attainmentPercentages().keySet()));
    assertEquals(60.0, result.attainmentPercentages().get("ttft_attainment_percentage"), 1e-12); // 3 of 5
    // tpot applies only where a header SLO applied (the 4 streamed requests); 3 met
    assertEquals(75.0, result.attainmentPercentages().get("tpot_attainment_percentage"), 1e-12);
    assertEquals(60.0, result.attainmentPercentages().get("itl_attainment_percentage"), 1e-12);
    assertEquals(100.0, result.attainmentPercentages().get("request_latency_attainment_percentage"), 1e-12);
  }

  @Test
  void headerSlosAloneMakeGoodputOnlyWhenARequestStreamed() {
    GoodputTally notStreamed = new GoodputTally(Map.of(), Map.of("ttft", 0.2));
    notStreamed.add(request(300, 10, -1, Double.NaN, Double.NaN), 10);
    assertNull(notStreamed.result(1.0), "no config constraint and no request carried a header SLO");

    GoodputTally streamed = new GoodputTally(Map.of(), Map.of("ttft", 0.2));
    streamed.add(request(300, 10, 100, 5, 5), 10);
    streamed.add(request(300, 10, 300, 5, 5), 10);
    assertEquals(50.0, streamed.result(1.0).goodputPercentage(), 1e-12);
  }

  @Test
  void mergeEqualsOneTally() {
    Map<String, Double> constraints = Map.of("ntpot", 0.05);
    GoodputTally a = new GoodputTally(constraints, Map.of("ttft", 0.2));
    GoodputTally b = new GoodputTally(constraints, Map.of("ttft", 0.2));
    GoodputTally all = new GoodputTally(constraints, Map.of("ttft", 0.2));
    RequestMetrics fast = request(400, 10, 100, 5, 5);
    RequestMetrics slow = request(900, 10, 300, 5, 5);
    a.add(fast, 5);
    b.add(slow, 5);
    all.add(fast, 5);
    all.add(slow, 5);
    a.merge(b);
    assertEquals(all.result(1.0), a.result(1.0));
  }
}
