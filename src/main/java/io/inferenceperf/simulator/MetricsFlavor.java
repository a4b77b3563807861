package io.inferenceperf.simulator;

/** Which server's metric names GET /metrics uses. */
public enum MetricsFlavor {
  VLLM,
  SGLANG,
  TGI
}
