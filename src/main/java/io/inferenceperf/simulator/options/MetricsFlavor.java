package io.inferenceperf.simulator.options;

/** Which server's metric names GET /metrics uses. */
public enum MetricsFlavor {
  VLLM,
  SGLANG,
  TGI
}
