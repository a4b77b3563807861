/**
 * Pure data for charts and comparisons: reads a run's report folder (the {@code stage_*_lifecycle_metrics.json}
 * files) into per-stage points ({@link io.inferenceperf.analysis.StagePoint}), with the means and percentiles each
 * chart plots. No rendering and no I/O beyond reading report files.
 *
 * <p>May import: common.
 */
package io.inferenceperf.analysis;
