package io.inferenceperf.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes spans to the log, one line each: tracing without OTEL_EXPORTER_OTLP_ENDPOINT (inference-perf's console). */
final class LogSpanExporter implements SpanExporter {
  private static final Logger LOG = LoggerFactory.getLogger(LogSpanExporter.class);

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      LOG.info("span {} trace={} span={} parent={} {} ms {} {}", span.getName(), span.getTraceId(), span.getSpanId(),
          span.getParentSpanId(), (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6,
          span.getStatus().getStatusCode(), span.getAttributes());
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
