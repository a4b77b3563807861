package io.inferenceperf.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares the stages two runs share, metric by metric. With both runs' results, each difference gets a 95%
 * bootstrap interval: both runs' requests are resampled with replacement ({@value #RESAMPLES} times, at most
 * {@value #MAX_BOOTSTRAP_REQUESTS} requests of a stage, evenly spaced, take part) and the metric recomputed.
 * A change is "worse" or "better" when its interval excludes zero and it is at least {@code thresholdPercent} in
 * size; without results, on the point values alone.
 */
public final class RunComparison {
  static final int RESAMPLES = 400;
  static final int MAX_BOOTSTRAP_REQUESTS = 20_000;

  private RunComparison() {}

  public static List<Difference> compare(ComparedRun base, ComparedRun next, double thresholdPercent, long seed) {
    boolean samples = base.hasSamples() && next.hasSamples();
    List<Difference> out = new ArrayList<>();
    for (int stageId : base.stageIds()) {
      if (!next.stageIds().contains(stageId)) continue;
      if (samples && (base.samples().stages().get(stageId).size() == 0
          || !next.samples().stages().containsKey(stageId))) {
        continue;
      }
      if (samples) {
        out.addAll(bootstrap(stageId, base.samples().stages().get(stageId), next.samples().stages().get(stageId),
            thresholdPercent, new SplittableRandom(seed + stageId)));
      } else {
        for (HeadlineMetric metric : HeadlineMetric.values()) {
          double b = reportValue(base, stageId, metric);
          double n = reportValue(next, stageId, metric);
          double change = change(metric, b, n);
          out.add(new Difference(stageId, metric, b, n, change, Double.NaN, Double.NaN,
              verdict(metric, change, Double.NaN, Double.NaN, thresholdPercent)));
        }
      }
    }
    return out;
  }

  private static List<Difference> bootstrap(int stageId, StageSamples.Stage base, StageSamples.Stage next,
      double threshold, SplittableRandom random) {
    HeadlineMetric[] metrics = HeadlineMetric.values();
    int[] allBase = all(base.size());
    int[] allNext = all(next.size());
    int[] poolBase = spaced(base.size());
    int[] poolNext = spaced(next.size());
    double[][] changes = new double[metrics.length][RESAMPLES];
    int[] drawBase = new int[poolBase.length];
    int[] drawNext = new int[poolNext.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < drawBase.length; i++) drawBase[i] = poolBase[random.nextInt(poolBase.length)];
      for (int i = 0; i < drawNext.length; i++) drawNext[i] = poolNext[random.nextInt(poolNext.length)];
      for (int m = 0; m < metrics.length; m++) {
        changes[m][r] = change(metrics[m], metrics[m].compute(base, drawBase), metrics[m].compute(next, drawNext));
      }
    }
    List<Difference> out = new ArrayList<>();
    for (int m = 0; m < metrics.length; m++) {
      double b = metrics[m].compute(base, allBase);
      double n = metrics[m].compute(next, allNext);
      double change = change(metrics[m], b, n);
      double low = quantile(changes[m], 2.5);
      double high = quantile(changes[m], 97.5);
      out.add(new Difference(stageId, metrics[m], b, n, change, low, high,
          verdict(metrics[m], change, low, high, threshold)));
    }
    return out;
  }

  static Verdict verdict(HeadlineMetric metric, double change, double low, double high, double threshold) {
    if (Double.isNaN(change)) return Verdict.NO_SIGNIFICANT_CHANGE;
    boolean hasInterval = !Double.isNaN(low) && !Double.isNaN(high);
    if (hasInterval && low <= 0 && high >= 0) return Verdict.NO_SIGNIFICANT_CHANGE;
    if (Math.abs(change) < threshold) return hasInterval ? Verdict.WITHIN_THRESHOLD : Verdict.NO_SIGNIFICANT_CHANGE;
    boolean up = change > 0;
    return up == metric.higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
  }

  /** Percent of the base; percentage points for the error rate. */
  static double change(HeadlineMetric metric, double base, double next) {
    if (metric == HeadlineMetric.ERROR_RATE) return next - base;
    if (Double.isNaN(base) || Double.isNaN(next) || base == 0) return Double.NaN;
    return (next - base) / base * 100.0;
  }

  private static double reportValue(ComparedRun run, int stageId, HeadlineMetric metric) {
    JsonNode report = run.stageReports().get(stageId);
    if (metric == HeadlineMetric.ERROR_RATE) {
      double failures = report.path("failures").path("count").asDouble();
      double all = failures + report.path("successes").path("count").asDouble();
      return all == 0 ? Double.NaN : failures / all * metric.scale;
    }
    JsonNode node = report;
    for (String key : metric.reportPath.split("\\.")) node = node.path(key);
    return node.isNumber() ? node.asDouble() * metric.scale : Double.NaN;
  }

  private static int[] all(int size) {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    return idx;
  }

  /** At most MAX_BOOTSTRAP_REQUESTS indexes, evenly spaced over the stage (all of them for a smaller stage). */
  private static int[] spaced(int size) {
    int n = Math.min(size, MAX_BOOTSTRAP_REQUESTS);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = (int) ((long) i * size / n);
    return idx;
  }

  private static double quantile(double[] values, double p) {
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (present.length == 0) return Double.NaN;
    double rank = p / 100.0 * (present.length - 1);
    int low = (int) Math.floor(rank);
    int high = Math.min(present.length - 1, low + 1);
    return present[low] + (present[high] - present[low]) * (rank - low);
  }
}
