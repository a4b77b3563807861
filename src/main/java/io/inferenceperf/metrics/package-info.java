/**
 * Pure, bounded-memory aggregation of {@link io.inferenceperf.record.RequestRecord}s into what inference-perf's
 * lifecycle reports contain: {@link io.inferenceperf.metrics.RunAggregator} feeds one mergeable
 * {@link io.inferenceperf.metrics.StageAggregate} per stage; {@link io.inferenceperf.metrics.LongDistribution} keeps
 * exact (numpy-identical, see {@link io.inferenceperf.metrics.Percentiles}) percentiles up to a cap and HdrHistogram
 * ones past it, their raw values waiting in a scratch file ({@code SpillFile}, the package's only I/O) so that memory
 * stays flat however long the run; {@link io.inferenceperf.metrics.FailureLabeler} names failures. No clock: every
 * time comes from the records. Single-threaded by design (one recorder thread). Formulas: docs/metrics.md.
 *
 * <p>May import: config, record.
 */
package io.inferenceperf.metrics;
