package io.inferenceperf.tracing;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The SDK's id source, with ids chosen before their span is built: a request's span is built after its exchange, but
 * its ids went out earlier in its {@code traceparent} header, and the session and stage spans' trace ids were named
 * in the headers of their first requests. {@link #next} presets the ids of the next span started on this thread;
 * without a preset, ids are random.
 */
final class PresetIds implements IdGenerator {
  private static final IdGenerator RANDOM = IdGenerator.random();

  private final ThreadLocal<String> traceId = new ThreadLocal<>();
  private final ThreadLocal<String> spanId = new ThreadLocal<>();

  /** A random trace id (32 hex digits). */
  static String randomTraceId() {
    return RANDOM.generateTraceId();
  }

  /** A random span id (16 hex digits). */
  static String randomSpanId() {
    return RANDOM.generateSpanId();
  }

  /**
   * The ids of the next span this thread starts; null = random. The trace id is only used by a span without a
   * parent (a child takes its parent's). Call {@link #clear} after the span started.
   */
  void next(String nextTraceId, String nextSpanId) {
    traceId.set(nextTraceId);
    spanId.set(nextSpanId);
  }

  void clear() {
    traceId.remove();
    spanId.remove();
  }

  @Override
  public String generateSpanId() {
    String preset = spanId.get();
    spanId.remove();
    return preset != null ? preset : RANDOM.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    String preset = traceId.get();
    traceId.remove();
    return preset != null ? preset : RANDOM.generateTraceId();
  }
}
