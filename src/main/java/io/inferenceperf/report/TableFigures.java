package io.inferenceperf.report;

import io.inferenceperf.metrics.Count;
import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.FailureTally;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.metrics.Metric;
import io.inferenceperf.metrics.Summary;
import java.util.List;

/**
 * The numbers the console tables show for one stage, in seconds and per-second units; every summary has its median
 * and p90 whatever percentiles the JSON report is configured with. Distributions are null when empty;
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

  static TableFigures of(Summary stage) {
    double seconds = stage.benchmarkTimeNanos() / 1e9;
    long prompt = stage.count(Count.PROMPT_TOKENS);
    long output = stage.count(Count.EFFECTIVE_OUTPUT_TOKENS);
    return new TableFigures(
        stage.count(Count.RECORDS),
        stage.count(Count.FAILURES),
        seconds,
        rate(stage.count(Count.SUCCESSES), seconds),
        rate(prompt, seconds),
        rate(output, seconds),
        rate(prompt + output, seconds),
        stage.goodput(),
        stage.distribution(Metric.REQUEST_LATENCY),
        stage.distribution(Metric.TTFT),
        stage.distribution(Metric.ITL),
        stage.distribution(Metric.TPOT),
        stage.distribution(Metric.NTPOT),
        stage.distribution(Metric.PROMPT_TOKENS),
        stage.distribution(Metric.OUTPUT_LEN),
        stage.failures());
  }

  private static double rate(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0.0;
  }

  /** Failed requests as a percentage of all requests of the stage. */
  public double errorPercent() {
    return count == 0 ? 0.0 : 100.0 * failures / count;
  }
}
