/**
 * PNG charts of report folders ({@code inference-perf --analyze}): the figures inference-perf's analysis draws (same
 * file names and subplots), built as plain data ({@link io.inferenceperf.charts.Figure}) by
 * {@link io.inferenceperf.charts.FigureSet} (plus one chart per server metric of the folder's Prometheus reports)
 * and drawn headless with JFreeChart by
 * {@link io.inferenceperf.charts.PngRenderer}. The data of each figure is kept so tests can read back what was drawn.
 *
 * <p>May import: analysis, common.
 */
package io.inferenceperf.charts;
