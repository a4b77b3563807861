package io.inferenceperf.report;

import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RunSummary;
import java.util.List;

/**
 * What every lifecycle report of a run states besides its numbers: the percentiles it lists, how output tokens were
 * normalised, the exact-values cap and how tokens were measured.
 */
record ReportContext(
    List<Double> percentiles, boolean useServerOutputTokens, int exactValuesCap, MeasurementSetup setup) {

  static ReportContext of(RunSummary run) {
    return new ReportContext(run.settings().percentiles(), run.settings().useServerOutputTokens(),
        run.settings().exactValuesCap(), run.setup());
  }
}
