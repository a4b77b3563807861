/**
 * Pure data for charts and comparisons: reads a run's report folder (the {@code stage_*_lifecycle_metrics.json}
 * files) into per-stage points ({@link io.inferenceperf.analysis.StagePoint}), with the means and percentiles each
 * chart plots, and compares runs ({@link io.inferenceperf.analysis.RunComparison}): per-request samples of each
 * stage from a results file ({@link io.inferenceperf.analysis.StageSamples}), headline metrics and their differences
 * with bootstrap confidence intervals. No rendering and no I/O beyond reading report and results files.
 *
 * <p>May import: common, record, results.
 */
package io.inferenceperf.analysis;
