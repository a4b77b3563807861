package io.inferenceperf.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spans as they reach an OTLP/HTTP receiver ({@link OtlpReceiver}, standing in for a collector), exported by the real
 * SDK exporter over real HTTP: names, kind, attributes, epoch times mapped from the monotonic clock, errors, stage
 * parents.
 */
class RequestTracerTest {

  private static final long ORIGIN_NANOS = 5_000_000_000L;
  private static final long ORIGIN_EPOCH_NANOS = 1_700_000_000_000_000_000L;

  private static RequestTracer tracer(OtlpReceiver receiver, boolean perStage) {
    TracingSettings settings = new TracingSettings(true, receiver.endpoint() + "/v1/traces", "bench-a", perStage);
    return new RequestTracer(settings, OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl())
        .setTimeout(Duration.ofSeconds(5)).build(), ORIGIN_NANOS, ORIGIN_EPOCH_NANOS);
  }

  private static PreparedRequest chat() {
    byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":30,\"stream\":true}"
        .getBytes(StandardCharsets.UTF_8);
    return new PreparedRequest("/v1/chat/completions", body, Map.of(), "m", true, 5, true);
  }

  private static RequestRecord streamed(long seq, int stage, long sent, Failure failure) {
    return new RequestRecord(seq, stage, sent - 100, sent, sent + 9_000_000, new long[] {sent + 2_000_000,
        sent + 4_000_000, sent + 8_000_000}, new int[] {1, 1, 1}, sent + 2_000_000, 12, true, 3, 3, -1, 80,
        failure == null ? 200 : 503, failure, "m", null, null, 0, -1);
  }

  private static double number(Map<String, AnyValue> attributes, String key) {
    AnyValue value = attributes.get(key);
    assertNotNull(value, key + " in " + attributes.keySet());
    return value.hasDoubleValue() ? value.getDoubleValue() : value.getIntValue();
  }

  @Test
  void oneClientSpanPerRequestWithTheGenAiAttributes() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      RequestTracer tracer = tracer(receiver, false);
      tracer.exchanged(chat(), streamed(0, 0, ORIGIN_NANOS + 1_000_000_000L, null), "Hello world", "length");
      tracer.exchanged(chat(), streamed(1, 0, ORIGIN_NANOS + 2_000_000_000L,
          Failure.http(503, "Service Unavailable")), null, null);
      tracer.close();

      List<OtlpReceiver.Received> spans = receiver.spans();
      assertEquals(List.of(), receiver.errors());
      assertEquals(2, spans.size());
      assertTrue(receiver.contentTypes().stream().allMatch(t -> t.startsWith("application/x-protobuf")));
      OtlpReceiver.Received ok = spans.stream().filter(s -> s.attributes().get("inference_perf.request.seq")
          .getIntValue() == 0).findFirst().orElseThrow();
      Span span = ok.span();
      assertEquals("llm.chat.completions", span.getName());
      assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
      assertEquals(ORIGIN_EPOCH_NANOS + 1_000_000_000L, span.getStartTimeUnixNano(), "sent time, mapped to epoch");
      assertEquals(ORIGIN_EPOCH_NANOS + 1_009_000_000L, span.getEndTimeUnixNano(), "end time, mapped to epoch");
      assertTrue(span.getParentSpanId().isEmpty(), "a trace of its own");
      assertEquals(Status.StatusCode.STATUS_CODE_OK, span.getStatus().getCode());
      Map<String, AnyValue> a = ok.attributes();
      assertEquals("openai_compatible", a.get("gen_ai.system").getStringValue());
      assertEquals("m", a.get("gen_ai.request.model").getStringValue());
      assertEquals("chat", a.get("llm.request.type").getStringValue());
      assertTrue(a.get("llm.is_streaming").getBoolValue());
      assertEquals(30, number(a, "gen_ai.request.max_tokens"));
      assertEquals(12, number(a, "gen_ai.usage.prompt_tokens"));
      assertEquals(3, number(a, "gen_ai.usage.completion_tokens"));
      assertEquals(15, number(a, "llm.usage.total_tokens"));
      assertEquals(0.002, number(a, "gen_ai.response.time_to_first_token"), 1e-12);
      assertEquals(0.003, number(a, "gen_ai.response.time_per_output_token"), 1e-12, "(8 ms - 2 ms) / 2");
      assertEquals(0.009, number(a, "gen_ai.response.total_latency"), 1e-12);
      assertEquals("length", a.get("llm.response.finish_reason").getStringValue());
      assertEquals("[{\"role\":\"user\",\"content\":\"hi\"}]", a.get("gen_ai.input.messages").getStringValue());
      assertEquals("Hello world", a.get("gen_ai.output.text").getStringValue());
      assertEquals("bench-a", ok.resource().get("service.name").getStringValue());

      Span failed = spans.stream().filter(s -> s != ok).findFirst().orElseThrow().span();
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, failed.getStatus().getCode());
      assertTrue(failed.getStatus().getMessage().contains("Service Unavailable"), failed.getStatus().getMessage());
      assertFalse(OtlpReceiver.toMap(failed.getAttributesList()).containsKey("gen_ai.output.text"));
    }
  }

  @Test
  void perStageTracesHangTheRequestsUnderAStageSpan() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      RequestTracer tracer = tracer(receiver, true);
      byte[] body = "{\"model\":\"m\",\"prompt\":\"1 2 3\",\"max_tokens\":8}".getBytes(StandardCharsets.UTF_8);
      PreparedRequest completion = new PreparedRequest("/v1/completions", body, Map.of(), "m", false, 3, false);
      for (int i = 0; i < 4; i++) {
        tracer.exchanged(completion, streamed(i, i / 2, ORIGIN_NANOS + i * 100_000_000L, null), null, null);
      }
      tracer.close();

      List<OtlpReceiver.Received> spans = receiver.spans();
      assertEquals(6, spans.size(), "4 requests and 2 stages");
      List<Span> stages = spans.stream().map(OtlpReceiver.Received::span)
          .filter(s -> s.getName().startsWith("stage.")).toList();
      assertEquals(2, stages.size());
      for (OtlpReceiver.Received request : spans) {
        if (request.name().startsWith("stage.")) continue;
        assertEquals("llm.completions", request.name());
        assertEquals("1 2 3", request.attributes().get("gen_ai.prompt").getStringValue());
        assertNotNull(request.attributes().get("gen_ai.response.time_to_first_token"));
        long stage = request.attributes().get("inference_perf.stage_id").getIntValue();
        Span parent = stages.stream().filter(s -> s.getName().equals("stage." + stage)).findFirst().orElseThrow();
        assertEquals(parent.getSpanId(), request.span().getParentSpanId());
        assertEquals(parent.getTraceId(), request.span().getTraceId(), "one trace per stage");
        assertTrue(parent.getEndTimeUnixNano() >= request.span().getEndTimeUnixNano());
      }
    }
  }

  @Test
  void replayedSessionsGetASpanOverTheirRequestsUnderTheirStage() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      RequestTracer tracer = tracer(receiver, true);
      tracer.sessions(seq -> seq < 3 ? "session-a" : seq == 3 ? "session-b" : null);
      for (int i = 0; i < 5; i++) {
        tracer.exchanged(chat(), streamed(i, 0, ORIGIN_NANOS + i * 100_000_000L, null), "out", "stop");
      }
      tracer.close();

      List<OtlpReceiver.Received> spans = receiver.spans();
      assertEquals(8, spans.size(), "5 requests, 2 sessions, 1 stage");
      Span stage = spans.stream().map(OtlpReceiver.Received::span).filter(s -> s.getName().equals("stage.0"))
          .findFirst().orElseThrow();
      Span sessionA = spans.stream().map(OtlpReceiver.Received::span)
          .filter(s -> s.getName().equals("session session-a")).findFirst().orElseThrow();
      assertEquals(stage.getSpanId(), sessionA.getParentSpanId(), "a session hangs under its stage");
      List<OtlpReceiver.Received> requests = spans.stream()
          .filter(r -> !r.name().startsWith("stage.") && !r.name().startsWith("session ")).toList();
      assertEquals(5, requests.size());
      long underA = requests.stream().filter(r -> r.span().getParentSpanId().equals(sessionA.getSpanId())).count();
      assertEquals(3, underA, "the requests of session-a are its children");
      assertEquals(1, requests.stream().filter(r -> r.span().getParentSpanId().equals(stage.getSpanId())).count(),
          "a request of no session stays under the stage");
      assertTrue(sessionA.getEndTimeUnixNano() >= requests.get(2).span().getEndTimeUnixNano());
    }
  }

  /** The span's ids as a traceparent header names them: version 00, trace id, span id, sampled. */
  private static String traceparent(Span span) {
    return "00-" + hex(span.getTraceId().toByteArray()) + "-" + hex(span.getSpanId().toByteArray()) + "-01";
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b));
    return out.toString();
  }

  @Test
  void eachRequestCarriesTheTraceContextOfItsSpan() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      RequestTracer tracer = tracer(receiver, false);
      tracer.sessions(seq -> seq < 2 ? "session-a" : null);
      Map<Long, PreparedRequest> sent = new java.util.HashMap<>();
      for (long seq = 0; seq < 4; seq++) {
        PreparedRequest request = tracer.beforeSend(chat(), seq, 0);
        assertEquals(Map.of(), chat().headers(), "the prepared request is not changed");
        assertFalse(request.headers().containsKey("tracestate"), "a trace started here has no trace state");
        String given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Map<String, String> replaced = tracer.beforeSend(chat().withHeaders(Map.of("x-a", "1", "TraceParent", given)),
            99, 0).headers();
        assertEquals(java.util.Set.of("x-a", "traceparent"), replaced.keySet(), "api.headers' traceparent replaced");
        assertFalse(replaced.get("traceparent").equals(given));
        sent.put(seq, request);
        tracer.exchanged(request, streamed(seq, 0, ORIGIN_NANOS + seq * 100_000_000L, null), "out", "stop");
      }
      tracer.close();

      List<OtlpReceiver.Received> spans = receiver.spans();
      assertEquals(5, spans.size(), "4 requests and session-a");
      Span session = spans.stream().map(OtlpReceiver.Received::span)
          .filter(s -> s.getName().equals("session session-a")).findFirst().orElseThrow();
      for (OtlpReceiver.Received request : spans) {
        if (request.name().startsWith("session ")) continue;
        long seq = request.attributes().get("inference_perf.request.seq").getIntValue();
        assertEquals(traceparent(request.span()), sent.get(seq).headers().get("traceparent"),
            "the header names the request span's trace and span");
        if (seq < 2) {
          assertEquals(session.getTraceId(), request.span().getTraceId(), "a session is one trace");
          assertEquals(session.getSpanId(), request.span().getParentSpanId());
        } else {
          assertTrue(request.span().getParentSpanId().isEmpty(), "a trace of its own");
        }
      }
      assertFalse(sent.get(2L).headers().get("traceparent").substring(3, 35)
          .equals(sent.get(3L).headers().get("traceparent").substring(3, 35)), "requests of no session: own traces");
    }
  }

  @Test
  void perStageTheHeadersNameTheStagesTrace() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      RequestTracer tracer = tracer(receiver, true);
      tracer.sessions(seq -> seq == 1 ? "session-b" : null);
      Map<Long, PreparedRequest> sent = new java.util.HashMap<>();
      for (long seq = 0; seq < 3; seq++) {
        PreparedRequest request = tracer.beforeSend(chat(), seq, (int) seq / 2);
        sent.put(seq, request);
        tracer.exchanged(request, streamed(seq, (int) seq / 2, ORIGIN_NANOS + seq * 100_000_000L, null), "o", null);
      }
      tracer.close();

      List<OtlpReceiver.Received> spans = receiver.spans();
      assertEquals(6, spans.size(), "3 requests, 1 session, 2 stages");
      for (OtlpReceiver.Received request : spans) {
        if (!request.name().startsWith("llm.")) continue;
        long seq = request.attributes().get("inference_perf.request.seq").getIntValue();
        assertEquals(traceparent(request.span()), sent.get(seq).headers().get("traceparent"));
        Span stage = spans.stream().map(OtlpReceiver.Received::span)
            .filter(s -> s.getName().equals("stage." + seq / 2)).findFirst().orElseThrow();
        assertEquals(stage.getTraceId(), request.span().getTraceId(), "the stage's trace, named before it existed");
      }
    }
  }
}
