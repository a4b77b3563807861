/**
 * Circuit breakers' pure logic (inference-perf's circuit_breakers): triggers fed one hit-or-miss sample per matching
 * request, and a breaker that opens for good when any trigger fires. Groundwork: not yet wired to the config or
 * the engine. No clocks of its own: sample times are given.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.breaker;
