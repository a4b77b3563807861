package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageAggregateTest {

  private static final long MS = 1_000_000L;
  private static final List<Double> PS = List.of(50.0, 90.0);

  private static AggregationSettings settings(boolean useServerOutputTokens) {
    return new AggregationSettings(PS, useServerOutputTokens, 10, Map.of(), 1000);
  }

  /** A streamed success sent at {@code sent} (ms) whose chunks arrived at {@code chunkMs} carrying {@code tokens}. */
  static RequestRecord streamed(long sentMs, long endMs, long[] chunkMs, int[] tokens, int client, int server) {
    long[] chunks = new long[chunkMs.length];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = chunkMs[i] * MS;
    }
    long firstContent = chunks.length == 0 ? -1 : chunks[0];
    return new RequestRecord(0, 0, sentMs * MS, sentMs * MS, endMs * MS, chunks, tokens, firstContent, 100, true,
        client, server, -1, 500, 200, null, "m", null, null, 0, -1, -1);
  }

  static RequestRecord failed(long sentMs, long endMs, Failure failure) {
    return new RequestRecord(0, 0, sentMs * MS, sentMs * MS, endMs * MS, new long[0], new int[0], -1, 50, false, 0,
        -1, -1, 300, failure.httpStatus(), failure, "m", null, null, 0, -1, -1);
  }

  @Test
  void chunksExpandToPerTokenTimestampsWithZeroGapsInsideAChunk() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(0, 140, new long[] {100, 110, 130}, new int[] {1, 3, 2}, 6, 6));
    // token times 100, 110, 110, 110, 130, 130 -> gaps 10, 0, 0, 20, 0
    LongDistribution itl = stage.distribution(Metric.ITL);
    assertEquals(5, itl.count());
    assertEquals(30 * MS, itl.sum(), 0.0);
    assertEquals(0, itl.min());
    assertEquals(20 * MS, itl.max());
    assertEquals(0.0, itl.percentile(50), 0.0);
    assertEquals(100 * MS, stage.distribution(Metric.TTFT).max());
    // TPOT = (130 - 100) / (6 - 1) = 6 ms; NTPOT = 140 / 6 ms
    assertEquals(6 * MS * StageAggregate.PICOS_PER_NANO, stage.distribution(Metric.TPOT).max(), 0.0);
    assertEquals(Math.round(140.0 * MS / 6 * StageAggregate.PICOS_PER_NANO), stage.distribution(Metric.NTPOT).max());
  }

  @Test
  void chunksWithoutTokensAreSkipped() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(0, 100, new long[] {40, 50, 70}, new int[] {0, 2, 1}, 3, 3));
    assertEquals(50 * MS, stage.distribution(Metric.TTFT).max(), "first token is in the second chunk");
    assertEquals(2, stage.distribution(Metric.ITL).count());
  }

  @Test
  void aSingleChunkGivesTtftButNoTpotNorItl() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(10, 90, new long[] {60}, new int[] {1}, 1, 1));
    assertEquals(1, stage.distribution(Metric.TTFT).count(), "our TTFT needs one chunk (inference-perf needs two timestamps)");
    assertEquals(50 * MS, stage.distribution(Metric.TTFT).max());
    assertEquals(0, stage.distribution(Metric.TPOT).count());
    assertEquals(0, stage.distribution(Metric.ITL).count());
    assertEquals(1, stage.distribution(Metric.NTPOT).count());
  }

  @Test
  void nonStreamedSuccessesHaveLatencyAndNtpotOnly() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(0, 400, new long[0], new int[0], 0, 0));
    assertEquals(1, stage.distribution(Metric.REQUEST_LATENCY).count());
    assertEquals(0, stage.distribution(Metric.TTFT).count());
    assertEquals(0L, stage.distribution(Metric.NTPOT).max(), "N_out = 0 appends 0.0, as inference-perf does");
  }

  @Test
  void serverOutputTokensNormalizeOnlyWhenAskedAndReported() {
    RequestRecord record = streamed(0, 210, new long[] {10, 20, 30}, new int[] {1, 1, 1}, 10, 20);
    StageAggregate client = new StageAggregate(settings(false));
    StageAggregate server = new StageAggregate(settings(true));
    client.add(record);
    server.add(record);
    assertEquals(21_000 * MS, client.distribution(Metric.NTPOT).max(), "210 ms / 10 client tokens in ps");
    assertEquals(10_500 * MS, server.distribution(Metric.NTPOT).max(), "210 ms / 20 server tokens in ps");
    assertEquals(10, client.count(Count.EFFECTIVE_OUTPUT_TOKENS));
    assertEquals(20, server.count(Count.EFFECTIVE_OUTPUT_TOKENS));
    assertEquals(20, client.count(Count.REPORTED_OUTPUT_TOKENS), "output_tokens prefers the server count regardless");
    assertEquals(1, client.count(Count.TOKEN_COUNT_MISMATCHES));

    StageAggregate zero = new StageAggregate(settings(true));
    zero.add(streamed(0, 210, new long[] {10, 20}, new int[] {1, 1}, 7, 0));
    assertEquals(7, zero.count(Count.EFFECTIVE_OUTPUT_TOKENS), "a server count of 0 falls back to the client count");
  }

  @Test
  void fallbacksAndMismatchesAreCountedOnSuccesses() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(0, 100, new long[] {10}, new int[] {1}, 5, -1));
    stage.add(streamed(0, 100, new long[] {10}, new int[] {1}, 5, 5));
    stage.add(streamed(0, 100, new long[] {10}, new int[] {1}, 5, 6));
    assertEquals(1, stage.count(Count.OUTPUT_CLIENT_FALLBACKS));
    assertEquals(1, stage.count(Count.TOKEN_COUNT_MISMATCHES));
    assertEquals(5 + 5 + 6, stage.count(Count.REPORTED_OUTPUT_TOKENS));
  }

  @Test
  void totalTimeSpansFailuresButSuccessTimeDoesNot() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(100, 300, new long[] {150}, new int[] {1}, 1, 1));
    stage.add(failed(50, 900, Failure.of(Failure.Kind.TIMEOUT, "idle")));
    assertEquals(850 * MS, stage.benchmarkTimeNanos());
    assertEquals(200 * MS, stage.successTimeNanos());
    assertEquals(50 * MS, stage.sendDurationNanos());
    assertEquals(1, stage.failureCount());
    assertEquals(850 * MS, stage.distribution(Metric.FAILURE_LATENCY).max());
    assertEquals(50, stage.count(Count.FAILURE_PROMPT_TOKENS));
    assertEquals(100, stage.count(Count.PROMPT_TOKENS), "failures do not count as input tokens");
  }

  @Test
  void scheduleDelayCoversEveryRecordAndMayBeNegative() {
    StageAggregate stage = new StageAggregate(settings(false));
    RequestRecord early = new RequestRecord(0, 0, 10 * MS, 9 * MS, 20 * MS, new long[0], new int[0], -1, 1, true, 1,
        1, -1, 1, 200, null, "m", null, null, 0, -1, -1);
    stage.add(early);
    stage.add(failed(0, 5, Failure.http(500, "x")));
    assertEquals(2, stage.distribution(Metric.SCHEDULE_DELAY).count());
    assertEquals(-MS, stage.distribution(Metric.SCHEDULE_DELAY).min());
  }

  @Test
  void aRequestThatWasNeverSentCountsFromItsDueTime() {
    StageAggregate stage = new StageAggregate(settings(false));
    stage.add(streamed(100, 300, new long[] {150}, new int[] {1}, 1, 1));
    stage.add(streamed(200, 400, new long[] {250}, new int[] {1}, 1, 1));
    RequestRecord unsent = new RequestRecord(9, 0, 50 * MS, -1, 80 * MS, new long[0], new int[0], -1, 10, false, 0,
        -1, -1, 100, 0, Failure.of(Failure.Kind.CONNECTION, "refused"), "m", null, null, 0, -1, -1);
    stage.add(unsent);
    assertEquals(3, stage.count());
    assertEquals(2, stage.count(Count.SENT));
    assertEquals(350 * MS, stage.benchmarkTimeNanos(), "from the unsent request's due time to the last end");
    assertEquals(100 * MS, stage.sendDurationNanos(), "the send window only spans requests that left");
    assertEquals(2 / 0.1, stage.summarize(List.of()).achievedRate(), 1e-9);
    assertEquals(2, stage.distribution(Metric.SCHEDULE_DELAY).count());
    assertEquals(30 * MS, stage.distribution(Metric.FAILURE_LATENCY).max(), "due time to failure");
  }

  @Test
  void goodputCountsRequestsMeetingEveryConstraint() {
    AggregationSettings settings =
        new AggregationSettings(PS, false, 10, Map.of("ttft", 0.05, "request_latency", 0.2), 1000);
    StageAggregate stage = new StageAggregate(settings);
    stage.add(streamed(0, 100, new long[] {40, 60}, new int[] {1, 1}, 2, 2)); // good
    stage.add(streamed(0, 300, new long[] {40, 60}, new int[] {1, 1}, 2, 2)); // too slow overall
    stage.add(streamed(0, 100, new long[0], new int[0], 2, 2)); // no TTFT: fails the ttft constraint
    GoodputTally.Result result = stage.goodput().result(stage.successTimeNanos() / 1e9);
    assertEquals(1, result.goodRequests());
    assertEquals(3, result.totalRequests());
    assertEquals(100.0 / 3, result.goodputPercentage(), 1e-12);
    assertEquals(1 / 0.3, result.requestGoodput(), 1e-9);
    assertEquals(102 / 0.3, result.tokenGoodput(), 1e-9);
    assertEquals(List.of("ttft_attainment_percentage", "request_latency_attainment_percentage"),
        List.copyOf(result.attainmentPercentages().keySet()));
    assertEquals(200.0 / 3, result.attainmentPercentages().get("ttft_attainment_percentage"), 1e-12);
  }

  @Test
  void aggregatesPastTheCapSwitchToHistogramPercentiles() {
    AggregationSettings small = new AggregationSettings(PS, false, 10, Map.of(), 6);
    StageAggregate stage = new StageAggregate(small);
    stage.add(streamed(0, 100, new long[] {10, 20, 30, 40, 50}, new int[] {1, 1, 1, 1, 1}, 5, 5));
    assertTrue(stage.distribution(Metric.ITL).exact());
    stage.add(streamed(0, 100, new long[] {10, 20, 30, 40, 50}, new int[] {1, 1, 1, 1, 1}, 5, 5));
    assertFalse(stage.distribution(Metric.ITL).exact(), "4 + 4 gaps exceed the cap of 6");
    assertEquals(8, stage.distribution(Metric.ITL).count());
    assertEquals(10 * MS, stage.distribution(Metric.ITL).percentile(50), 10 * MS * 0.001);
  }

  @Test
  void unknownPromptCountsAreLeftOutNotCountedAsMinusOne() {
    StageAggregate stage = new StageAggregate(settings(false));
    RequestRecord known = failed(0, 10, Failure.http(429, "slow down"));
    RequestRecord unknown = new RequestRecord(1, 0, 0, 0, 10 * MS, new long[0], new int[0], -1, -1, false, 0, -1, -1,
        300, 429, Failure.http(429, "slow down"), "m", null, null, 0, -1, -1);
    stage.add(known);
    stage.add(unknown);
    stage.add(unknown);
    assertEquals(3, stage.failureCount());
    assertEquals(50, stage.count(Count.FAILURE_PROMPT_TOKENS));
    assertEquals(1, stage.distribution(Metric.FAILURE_PROMPT_TOKENS).count());
    assertEquals(50, stage.distribution(Metric.FAILURE_PROMPT_TOKENS).min());
    RequestRecord success = new RequestRecord(2, 0, 0, 0, 10 * MS, new long[] {5 * MS}, new int[] {1}, 5 * MS, -1,
        false, 1, 1, -1, 300, 200, null, "m", null, null, 0, -1, -1);
    stage.add(success);
    assertEquals(0, stage.count(Count.PROMPT_TOKENS));
    assertEquals(0, stage.distribution(Metric.PROMPT_TOKENS).count());
  }
}
