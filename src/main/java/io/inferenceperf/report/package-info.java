/**
 * Report output: builds inference-perf's lifecycle report trees (same file names, keys, order and formulas, plus our
 * extra blocks) from {@link io.inferenceperf.metrics.RunResult} in {@link io.inferenceperf.report.ReportSet}, writes
 * them with {@link io.inferenceperf.report.ReportFiles}, streams the per-request file during the run with
 * {@link io.inferenceperf.report.PerRequestFileWriter}, and renders the console summary with
 * {@link io.inferenceperf.report.SummaryTables}. Depends on metrics, record, config and Jackson; never on the engine
 * or transport.
 *
 * <p>May import: api, config, metrics, record, results, servermetrics, time.
 */
package io.inferenceperf.report;
