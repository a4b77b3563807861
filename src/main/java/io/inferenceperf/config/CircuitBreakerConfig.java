package io.inferenceperf.config;

/** One entry of the top-level {@code circuit_breakers} list. Read, but rejected as not supported yet. */
public record CircuitBreakerConfig(String name) {}
