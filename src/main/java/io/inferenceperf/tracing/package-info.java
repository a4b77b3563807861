/**
 * Request tracing with OpenTelemetry, as inference-perf emits it (off by default; {@code OTEL_TRACES_ENABLED=true}):
 * one CLIENT span per request with the GenAI attributes, exported over OTLP/HTTP (protobuf) by the OpenTelemetry
 * Java SDK, or written to the log without an endpoint.
 *
 * <ul>
 *   <li>{@link io.inferenceperf.tracing.TracingSettings}: the OTEL_* environment variables;
 *   <li>{@link io.inferenceperf.tracing.RequestTracer}: takes each finished exchange from the client (a queue offer,
 *       nothing more, on the I/O thread) and builds and ends its span on its own thread, with start and end times
 *       mapped from the monotonic clock to epoch time, so tracing never delays a read;
 *   <li>{@link io.inferenceperf.tracing.SpanAttributesOf}: the span's name and attributes from a record;
 *   <li>{@code PresetIds}: span ids chosen before the span is built, those of the W3C {@code traceparent} header a
 *       request was sent with;
 *   <li>{@link io.inferenceperf.tracing.FailureCountingExporter}: counts the spans no export delivered, for the
 *       warning at the end of the run.
 * </ul>
 *
 * <p>May import: api, record.
 */
package io.inferenceperf.tracing;
