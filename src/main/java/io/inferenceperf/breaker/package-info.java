/**
 * Circuit breakers (inference-perf's circuit_breakers): JMESPath matches and rules over a JSON view of each finished
 * request ({@link io.inferenceperf.breaker.RequestView}) make hit-or-miss samples; triggers over them
 * (consecutive, rate_over_window) open a breaker; {@link io.inferenceperf.breaker.BreakerWatch} watches a run on the
 * recorder thread and reports each opening, which stops the stage (and by default the run). The triggers keep no
 * clock of their own: sample times are the requests' end times.
 *
 * <p>May import: config, engine, metrics, record, schedule.
 */
package io.inferenceperf.breaker;
