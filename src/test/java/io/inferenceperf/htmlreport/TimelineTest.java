package io.inferenceperf.htmlreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.StageStart;
import org.junit.jupiter.api.Test;

/** The per-second bins of report.html's charts: exact sums, second 0 at the first stage, wider bins for long runs. */
class TimelineTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private static RequestRecord streamed(long sentNanos, long ttftMs, long gapMs, int tokens) {
    long first = sentNanos + ttftMs * MS;
    long[] chunks = {first, first + gapMs * MS, first + 2 * gapMs * MS};
    return new RequestRecord(0, 0, sentNanos, sentNanos, chunks[2], chunks, new int[] {1, 1, 1}, first, 100, true,
        tokens, tokens, -1, 500, 200, null, "m", null, null, 0, -1);
  }

  @Test
  void binsPerSecondFromTheFirstStageStart() {
    Timeline timeline = new Timeline();
    long origin = 7_000 * S; // a live run's engine clock: far from zero
    timeline.stageStarted(new StageStart(0, "constant", 2, 2 * S, 4, 0, 1, origin, 0));
    timeline.record(streamed(origin, 10, 4, 3), null);
    timeline.record(streamed(origin + 100 * MS, 30, 6, 5), null);
    timeline.record(streamed(origin + S + 100 * MS, 20, 5, 7), null);

    Timeline.Series series = timeline.series(1500);
    assertEquals(1, series.binSeconds());
    assertEquals(2, series.startSeconds().length);
    assertEquals(2.0, series.completedPerSecond()[0]);
    assertEquals(20.0, series.ttftMeanMs()[0], 1e-9);
    assertEquals(30.0, series.ttftMaxMs()[0], 1e-9);
    assertEquals(5.0, series.itlMeanMs()[0], 1e-9);
    assertEquals(8.0, series.outputTokensPerSecond()[0]);
    assertEquals(20.0, series.ttftMeanMs()[1], 1e-9);
  }

  @Test
  void aMillionRequestsOverAnHourFitInFifteenHundredPoints() {
    Timeline timeline = new Timeline();
    timeline.stageStarted(new StageStart(0, "constant", 250, 4000 * S, 1_000_000, 0, 1, 0, 0));
    long startNanos = System.nanoTime();
    for (int i = 0; i < 1_000_000; i++) timeline.record(streamed(i * 4 * MS, 10 + i % 3, 5, 2), null);
    long tookMs = (System.nanoTime() - startNanos) / MS;

    Timeline.Series series = timeline.series(1500);
    assertEquals(3, series.binSeconds(), "4000 s in bins of 3 s");
    assertTrue(series.startSeconds().length <= 1500);
    double total = 0;
    for (double perSecond : series.completedPerSecond()) total += perSecond * series.binSeconds();
    assertEquals(1_000_000, total, 1e-6, "every request counted once");
    assertEquals(11.0, series.ttftMeanMs()[10], 0.01);
    System.out.println("Timeline: 1,000,000 records binned in " + tookMs + " ms");
  }
}
