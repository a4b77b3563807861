package io.inferenceperf.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the spans its exporter could not deliver, in every export: the batch processor's timed exports during the
 * run as well as the final flush, so a collector that was down is reported however the spans were batched.
 */
final class FailureCountingExporter implements SpanExporter {
  private final SpanExporter exporter;
  private final AtomicLong failedSpans = new AtomicLong();

  FailureCountingExporter(SpanExporter exporter) {
    this.exporter = exporter;
  }

  long failedSpans() {
    return failedSpans.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result = exporter.export(spans);
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        failedSpans.addAndGet(count);
      }
    });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return exporter.shutdown();
  }
}
