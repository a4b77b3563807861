package io.inferenceperf.report;

import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.RunResult;

/** Report sets of aggregated runs, for tests that start from aggregates rather than results. */
final class Reports {
  private Reports() {}

  static ReportInputs inputs(RunResult result, boolean withTotal) {
    try (result) {
      return ReportInputs.of(result.summarize(withTotal, ClientHealth.Thresholds.DEFAULT));
    }
  }

  static ReportSet build(RunResult result) {
    return ReportSet.build(inputs(result, true));
  }

  static ReportSet build(RunResult result, ReportConfig.RequestLifecycle lifecycle) {
    return ReportSet.build(inputs(result, lifecycle.summary()),
        new ReportConfig(lifecycle, ReportConfig.PrometheusReport.defaults(), null));
  }
}
