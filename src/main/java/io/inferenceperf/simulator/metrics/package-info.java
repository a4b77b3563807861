/**
 * What the simulated server records about itself, thread-safe and in bounded memory:
 *
 * <ul>
 *   <li>{@link io.inferenceperf.simulator.metrics.ServerMetrics}: the statistics GET /metrics exposes, in vLLM's
 *       units and buckets, rendered by {@link io.inferenceperf.simulator.metrics.MetricsRenderer} with the names of
 *       vLLM, SGLang or TGI (Prometheus text format 0.0.4); gauges are read live from the engines;
 *   <li>{@link io.inferenceperf.simulator.metrics.GroundTruth}: the server's own record for tests to compare with
 *       what a client measured (HdrHistogram latencies, totals, faults, the newest per-request
 *       {@link io.inferenceperf.simulator.metrics.RequestTruth} records).
 * </ul>
 *
 * <p>Within the simulator it uses {@code options} and {@code engine} (the gauges); outside it, HdrHistogram and the
 * JDK.
 */
package io.inferenceperf.simulator.metrics;
