/**
 * The engine: walks the run plan against the real clock, sends each request at its intended time (open loop) or
 * keeps a fixed number in flight (closed loop), cuts stages off at their end after a bounded grace period, and
 * hands every finished {@link io.inferenceperf.record.RequestRecord} to the observers on one recorder thread. With
 * multi-turn data ({@link io.inferenceperf.engine.SessionRequestFactory}) a per-stage session gate runs each user
 * session's turns one at a time and builds each turn once its predecessor has finished. With recorded session
 * graphs ({@link io.inferenceperf.engine.SessionGraphs}) {@link io.inferenceperf.engine.GraphReplay} starts each call
 * once the calls it depends on have succeeded, and reports each session's lifecycle.
 *
 * <p>May import: record, schedule, time.
 */
package io.inferenceperf.engine;
