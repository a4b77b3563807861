/**
 * The value types that flow between pipeline stages: one immutable {@link io.inferenceperf.record.RequestRecord}
 * per request, and {@link io.inferenceperf.record.Failure} for errors as data. JDK only; no I/O.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.record;
