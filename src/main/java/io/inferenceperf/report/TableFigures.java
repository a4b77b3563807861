package io.inferenceperf.report;

import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.FailureTally;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.metrics.StageAggregate;
import java.util.List;

/**
 * The numbers the console tables show for one stage, in seconds and per-second units, with mean, median and p90
 * always computed (whatever percentiles the JSON report is configured with). Distributions are null when empty;
 * {@code goodput} is null when no goodput constraint is configured or the stage had no success.
 */
public record TableFigures(
    long count,
    long failures,
    double benchmarkSeconds,
    double requestsPerSec,
    double inputTokensPerSec,
    double outputTokensPerSec,
    double totalTokensPerSec,
    GoodputTally.Result goodput,
    DistributionSummary requestLatency,
    DistributionSummary ttft,
    DistributionSummary itl,
    DistributionSummary tpot,
    DistributionSummary ntpot,
    DistributionSummary promptTokens,
    DistributionSummary outputLen,
    List<FailureTally.LabelCount> errors) {

  static final List<Double> TABLE_PERCENTILES = List.of(50.0, 90.0);

  static TableFigures of(StageAggregate stage) {
    double seconds = stage.benchmarkTimeNanos() / 1e9;
    return new TableFigures(
        stage.count(),
        stage.failureCount(),
        seconds,
        rate(stage.successCount(), seconds),
        rate(stage.promptTokensTotal(), seconds),
        rate(stage.effectiveOutputTokensTotal(), seconds),
        rate(stage.promptTokensTotal() + stage.effectiveOutputTokensTotal(), seconds),
        stage.goodput() == null ? null : stage.goodput().result(stage.successTimeNanos() / 1e9),
        stage.latencyNanos().summarize(TABLE_PERCENTILES, 1e9),
        stage.ttftNanos().summarize(TABLE_PERCENTILES, 1e9),
        stage.itlNanos().summarize(TABLE_PERCENTILES, 1e9),
        stage.tpotPicos().summarize(TABLE_PERCENTILES, 1e12),
        stage.ntpotPicos().summarize(TABLE_PERCENTILES, 1e12),
        stage.promptTokens().summarize(TABLE_PERCENTILES, 1),
        stage.clientOutputTokens().summarize(TABLE_PERCENTILES, 1),
        stage.failures().labels());
  }

  private static double rate(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0.0;
  }

  /** Failed requests as a percentage of all requests of the stage. */
  public double errorPercent() {
    return count == 0 ? 0.0 : 100.0 * failures / count;
  }
}
