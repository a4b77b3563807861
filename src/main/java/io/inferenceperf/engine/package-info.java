/**
 * The engine: walks the run plan against the real clock, sends each request at its intended time (open loop) or
 * keeps a fixed number in flight (closed loop), cuts stages off at their end after a bounded grace period, and
 * hands every finished {@link io.inferenceperf.record.RequestRecord} to the observers on one recorder thread.
 */
package io.inferenceperf.engine;
