package io.inferenceperf.bench;

import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.metrics.StageInfo;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.report.ReportInputs;
import io.inferenceperf.report.ReportSet;
import io.inferenceperf.report.SummaryTables;
import java.util.SplittableRandom;

/**
 * Feeds a million-request run (32 single-token chunks each, two stages) through the aggregator and builds the
 * reports, printing time and heap, to check that aggregation stays bounded. Run with a heap limit, e.g.:
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test.classpath) io.inferenceperf.bench.ScaleCheck
 */
public final class ScaleCheck {

  private ScaleCheck() {}

  static RequestRecord streamedRecord(SplittableRandom random, long seq, int chunks) {
    long intended = seq * 1_000_000L;
    long sent = intended + 50_000 + random.nextLong(200_000);
    long[] times = new long[chunks];
    int[] tokens = new int[chunks];
    long at = sent + 30_000_000L + random.nextLong(40_000_000L);
    for (int c = 0; c < chunks; c++) {
      times[c] = at;
      tokens[c] = 1;
      at += 5_000_000L + random.nextLong(10_000_000L);
    }
    return new RequestRecord(seq, (int) (seq & 1), intended, sent, at, times, tokens, times[0], 200, true, chunks,
        chunks, -1, 900, 200, null, "m", null, null, 0, -1, -1);
  }

  public static void main(String[] args) {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    RunAggregator aggregator = new RunAggregator(AggregationSettings.defaults(), new MeasurementSetup(null, true));
    aggregator.stageStarted(0, StageInfo.rate(1000, requests / 2));
    aggregator.stageStarted(1, StageInfo.rate(1000, requests / 2));
    SplittableRandom random = new SplittableRandom(7);
    long start = System.nanoTime();
    for (long seq = 0; seq < requests; seq++) {
      aggregator.add(streamedRecord(random, seq, 32));
    }
    long added = System.nanoTime();
    System.gc();
    long heapAfterAdd = usedHeap();
    RunResult result = aggregator.finish(Status.COMPLETED);
    ReportSet reports = ReportSet.build(ReportInputs.of(result.summarize(true, ClientHealth.Thresholds.DEFAULT)));
    long built = System.nanoTime();
    System.out.printf(
        "%d requests: add %.0f ns/request (incl. record generation), reports built in %.2f s,"
            + " heap after add %d MiB, max heap %d MiB%n",
        requests,
        (added - start) / (double) requests,
        (built - added) / 1e9,
        heapAfterAdd >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(reports.summary().get("measurement"));
    System.out.print(SummaryTables.render(reports.stages(), 80, false).lines().limit(6).reduce("", (a, b) -> a + b
        + "\n"));
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
