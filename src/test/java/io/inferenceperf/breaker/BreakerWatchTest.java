package io.inferenceperf.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.CircuitBreakerConfig;
import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.OpenLoopStage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a breaker's JMESPath expressions see of a request and how matches, rules and triggers combine, with the real
 * JMESPath library over real records (no server: the records are built here).
 */
class BreakerWatchTest {
  private static final long MS = 1_000_000;

  private static RequestRecord ok(long seq, int stage) {
    return new RequestRecord(seq, stage, seq * 100 * MS, seq * 100 * MS, seq * 100 * MS + 50 * MS,
        new long[] {seq * 100 * MS + 10 * MS, seq * 100 * MS + 40 * MS}, new int[] {1, 3}, seq * 100 * MS + 10 * MS,
        16, true, 4, 4, -1, 200, 200, null, "m", null, null, 0, -1, -1);
  }

  private static RequestRecord failed(long seq, int stage, Failure failure) {
    return new RequestRecord(seq, stage, seq * 100 * MS, seq * 100 * MS, seq * 100 * MS + 5 * MS, new long[0],
        new int[0], -1, 16, false, 0, -1, -1, 200, failure.httpStatus(), failure, "m", null, null, 0, -1, -1);
  }

  private static RequestRecord http503(long seq, int stage) {
    return failed(seq, stage, Failure.http(503, "{\"error\": {\"message\": \"overloaded\"}}"));
  }

  @Test
  void theViewHasInferencePerfsFieldsAndOurFigures() {
    JsonNode failure = RequestView.of(http503(3, 1), false);
    assertEquals("HTTP Error 503", failure.at("/error/error_type").asText());
    assertTrue(failure.at("/error/error_msg").asText().contains("overloaded"));
    assertEquals(1, failure.get("stage_id").asInt());
    assertEquals(503, failure.get("http_status").asInt());
    assertEquals(0.3, failure.get("start_time").asDouble(), 1e-9);
    assertFalse(failure.has("ttft"), "no token arrived");

    JsonNode success = RequestView.of(ok(2, 0), false);
    assertFalse(success.has("error"), "absent values are left out, as inference-perf's dump does");
    assertEquals(0.05, success.get("request_latency").asDouble(), 1e-9);
    assertEquals(0.01, success.get("ttft").asDouble(), 1e-9);
    assertEquals(16, success.at("/info/request_metrics/text/input_tokens").asInt());
    assertEquals(4, success.at("/info/response_metrics/output_tokens").asInt());
    assertTrue(success.get("sent").asBoolean());
  }

  @Test
  void truthIsPythons() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String falsy : List.of("null", "false", "0", "0.0", "\"\"", "[]", "{}")) {
      assertFalse(RequestView.truthy(json.readTree(falsy)), falsy);
    }
    for (String truthy : List.of("true", "1", "-2.5", "\"x\"", "[0]", "{\"a\": null}")) {
      assertTrue(RequestView.truthy(json.readTree(truthy)), truthy);
    }
  }

  @Test
  void anyMatchCountsARequestAndAnyRuleMakesItAHit() {
    CompiledBreaker slow = new CompiledBreaker(new CircuitBreakerConfig("slow",
        List.of("error.error_type == 'TimeoutError'", "ttft"), List.of("ttft > `0.02`", "error"), List.of()));
    assertEquals(CompiledBreaker.Verdict.HIT, slow.judge(RequestView.of(failed(1, 0,
        Failure.of(Failure.Kind.TIMEOUT, "idle")), false)), "matched by the first, hit by the second rule");
    assertEquals(CompiledBreaker.Verdict.MISS, slow.judge(RequestView.of(ok(1, 0), false)), "ttft 0.01 s");
    assertEquals(CompiledBreaker.Verdict.IGNORED, slow.judge(RequestView.of(http503(1, 0), false)));

    CompiledBreaker noRules = new CompiledBreaker(new CircuitBreakerConfig("errors",
        List.of("contains(error.error_type, 'HTTP Error 5')"), List.of(), List.of()));
    assertEquals(CompiledBreaker.Verdict.HIT, noRules.judge(RequestView.of(http503(1, 0), false)),
        "no rules: every match is a hit");
    assertEquals(CompiledBreaker.Verdict.IGNORED, noRules.judge(RequestView.of(ok(1, 0), false)),
        "contains() on a missing error fails: false, not an exception");
  }

  @Test
  void aBreakerOpensOnceNamesItsRequestsAndStopsCountingTheOtherStages() {
    List<BreakerTrip> trips = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    RunObserver next = record -> seen.add(record.seq());
    BreakerWatch watch = new BreakerWatch(List.of(new CircuitBreakerConfig("errors", List.of("sent"), List.of("error"),
        List.of(new CircuitBreakerConfig.Consecutive(3)))), true, false, next, trips::add);
    watch.stageStarted(OpenLoopStage.of(0, LoadType.CONSTANT, 10, 1_000 * MS, 1), new RunObserver.StageClock(0, 0));
    watch.record(http503(0, 0));
    watch.record(ok(1, 0)); // a miss: the run of hits starts again
    watch.record(http503(2, 0));
    watch.record(http503(3, 1)); // another stage's record: kept, not counted
    watch.record(http503(4, 0));
    assertTrue(trips.isEmpty());
    watch.record(http503(5, 0));
    watch.record(http503(6, 0)); // already open
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), seen, "every record reaches the next observer");
    assertEquals(1, trips.size());
    BreakerTrip trip = trips.getFirst();
    assertEquals("errors", trip.breaker());
    assertEquals("consecutive (threshold 3)", trip.trigger());
    assertEquals(0, trip.stageId());
    assertEquals(3, trip.hits());
    assertEquals(5, trip.counted(), "the success and the hits; not the other stage's");
    assertEquals(List.of(2L, 4L, 5L), trip.requests().stream().map(BreakerTrip.Request::seq).toList());
    assertEquals("HTTP Error 503", trip.requests().getFirst().errorType());
  }

  @Test
  void withStageScopeEveryStageStartsClosed() {
    List<BreakerTrip> trips = new ArrayList<>();
    BreakerWatch watch = new BreakerWatch(List.of(new CircuitBreakerConfig("errors", List.of("sent"),
        List.of("http_status >= `500`"), List.of(new CircuitBreakerConfig.RateOverWindow(10, 0.5, 4)))), false, false,
        record -> { }, trips::add);
    for (int stage = 0; stage < 2; stage++) {
      watch.stageStarted(OpenLoopStage.of(stage, LoadType.CONSTANT, 10, 1_000 * MS, 1),
          new RunObserver.StageClock(0, 0));
      watch.record(http503(stage * 10L, stage));
      watch.record(ok(stage * 10L + 1, stage));
      watch.record(http503(stage * 10L + 2, stage));
      watch.record(ok(stage * 10L + 3, stage)); // 2 of 4: 0.5 reaches the threshold
    }
    assertEquals(2, trips.size(), "closed again at stage 1's start, it opens again there");
    assertEquals(List.of(0, 1), trips.stream().map(BreakerTrip::stageId).toList());
    assertEquals(2, trips.get(1).hits());
    assertFalse(trips.get(1).stopsRun());
  }
}
