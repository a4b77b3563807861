package io.inferenceperf.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OTEL_* variables inference-perf reads, plus the standard OTLP ones for the traces URL and protocol. */
class TracingSettingsTest {

  @Test
  void offUnlessEnabled() {
    assertFalse(TracingSettings.fromEnvironment(Map.of()).settings().enabled());
    assertFalse(TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "1",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")).settings().enabled(), "only true turns it on");
  }

  @Test
  void endpointServiceAndPerStage() {
    TracingSettings s = TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "TRUE",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", "OTEL_SERVICE_NAME", "bench",
        "OTEL_TRACE_PER_STAGE", "true")).settings();
    assertTrue(s.enabled());
    assertEquals("http://collector:4318/v1/traces", s.tracesUrl());
    assertEquals("bench", s.serviceName());
    assertTrue(s.tracePerStage());
    TracingSettings console = TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "true")).settings();
    assertNull(console.tracesUrl(), "no endpoint: spans go to the log");
    assertEquals("inference-perf", console.serviceName());
    assertEquals("http://c/traces", TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "true",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://a", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c/traces"))
        .settings().tracesUrl(), "the traces endpoint is used as given");
  }

  @Test
  void grpcAndNonHttpEndpointsAreProblemsNamingTheVariable() {
    String grpc = TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "true",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).problem();
    assertTrue(grpc.startsWith("OTEL_EXPORTER_OTLP_PROTOCOL=grpc") && grpc.contains("http/protobuf"), grpc);
    String host = TracingSettings.fromEnvironment(Map.of("OTEL_TRACES_ENABLED", "true",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")).problem();
    assertTrue(host.contains("not an http(s) URL"), host);
  }
}
