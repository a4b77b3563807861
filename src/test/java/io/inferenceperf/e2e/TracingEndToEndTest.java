package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.testkit.ChildJvm;
import io.inferenceperf.testkit.RefusingPort;
import io.inferenceperf.tracing.OtlpReceiver;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run in a child JVM (tracing is configured by environment variables, as in inference-perf) with
 * OTEL_TRACES_ENABLED=true against the built-in simulator: every request arrives as one span at a local OTLP/HTTP
 * receiver ({@link OtlpReceiver}, standing in for a collector), with the same times and counts as the per-request
 * file.
 */
class TracingEndToEndTest {

  private static final String CONFIG = """
      api: {type: chat, streaming: true}
      server: {type: simulator, ignore_eos: true}
      simulator: {profile: fixed, ttft_ms: 10, itl_ms: 2}
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16}
        output_distribution: {min: 6, max: 6, mean: 6}
      load: {type: constant, base_seed: 2, stages: [{rate: 20, duration: 1}]}
      report: {request_lifecycle: {per_request: true}}
      """;

  private record Output(int code, String err) {}

  private static Output runWithTracing(Path dir, String endpoint) throws Exception {
    return runWithTracing(dir, endpoint, CONFIG, Map.of());
  }

  private static Output runWithTracing(Path dir, String endpoint, String yaml, Map<String, String> env)
      throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.main(List.of(), "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString()))
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("OTEL_TRACES_ENABLED", "true");
    builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    builder.environment().put("OTEL_SERVICE_NAME", "e2e-bench");
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the run finished");
    } finally {
      process.destroyForcibly();
    }
    return new Output(process.exitValue(), Files.readString(dir.resolve("err.txt")));
  }

  /** A collector that is not there costs the run at most the export timeout at its end, never its results. */
  @Test
  void anUnreachableCollectorNeverFailsTheRun(@TempDir Path dir) throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int closedPort = refusing.port();
      long start = System.nanoTime();
      Output run = runWithTracing(dir, "http://127.0.0.1:" + closedPort);
      assertEquals(0, run.code(), run.err());
      assertTrue(run.err().contains("could not be exported"), run.err());
      assertTrue(Files.exists(dir.resolve("reports").resolve("summary_lifecycle_metrics.json")));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "bounded by the export timeout");
    }
  }

  @Test
  void everyRequestIsOneSpanAtTheCollector(@TempDir Path dir) throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Output run = runWithTracing(dir, receiver.endpoint());
      String err = run.err();
      assertEquals(0, run.code(), err);

      Path reportFolder = dir.resolve("reports");
      Map<Long, JsonNode> bySeq = new HashMap<>();
      for (JsonNode entry : CliRunner.JSON.readTree(
          reportFolder.resolve("per_request_lifecycle_metrics.json").toFile())) {
        bySeq.put(entry.get("seq").asLong(), entry);
      }
      assertEquals(20, bySeq.size());
      List<OtlpReceiver.Received> spans = new ArrayList<>(receiver.spans());
      assertEquals(20, spans.size(), "one span per request, warm-up requests aside: " + err);
      for (OtlpReceiver.Received span : spans) {
        assertEquals("llm.chat.completions", span.name());
        assertEquals("e2e-bench", span.resource().get("service.name").getStringValue());
        Map<String, AnyValue> a = span.attributes();
        JsonNode entry = bySeq.remove(a.get("inference_perf.request.seq").getIntValue());
        assertEquals(entry.get("ttft").asDouble(), a.get("gen_ai.response.time_to_first_token").getDoubleValue(),
            1e-9, "the span's TTFT is the record's");
        assertEquals(entry.get("request_latency").asDouble(),
            (span.span().getEndTimeUnixNano() - span.span().getStartTimeUnixNano()) / 1e9, 1e-6);
        assertEquals(6, a.get("gen_ai.usage.completion_tokens").getIntValue());
        assertTrue(a.get("gen_ai.output.text").getStringValue().length() > 0, "a tokenizer kept the text");
      }
      assertTrue(bySeq.isEmpty(), "every request has its span");
    }
  }

  /**
   * W3C trace context: every request arrives with a traceparent header that names its exported span's trace and
   * span (so a traced server joins the client's trace); with OTEL_TRACE_PER_STAGE all of a stage's share its trace.
   */
  @Test
  void eachRequestCarriesTheTraceparentOfItsSpan(@TempDir Path dir) throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s, model_name: m}
          data: {type: mock}
          load: {type: constant, stages: [{rate: 20, duration: 0.5}, {rate: 20, duration: 0.5}]}
          """.formatted(server.baseUrl());
      Output run = runWithTracing(dir, receiver.endpoint(), yaml, Map.of("OTEL_TRACE_PER_STAGE", "true"));
      assertEquals(0, run.code(), run.err());

      List<CapturingOpenAiServer.Received> received = server.received("/v1/chat/completions");
      assertEquals(20, received.size());
      Map<String, String> traceOfStage = new HashMap<>();
      java.util.Set<String> spanHeaders = new java.util.HashSet<>();
      for (OtlpReceiver.Received span : receiver.spans()) {
        String traceId = hex(span.span().getTraceId().toByteArray());
        if (span.name().startsWith("stage.")) {
          traceOfStage.put(span.name(), traceId);
          continue;
        }
        assertEquals("llm.chat.completions", span.name());
        spanHeaders.add("00-" + traceId + "-" + hex(span.span().getSpanId().toByteArray()) + "-01");
      }
      assertEquals(20, spanHeaders.size(), "a span per request");
      java.util.Set<String> headers = new java.util.HashSet<>();
      for (CapturingOpenAiServer.Received request : received) {
        headers.add(request.headers().get("traceparent"));
        assertTrue(!request.headers().containsKey("tracestate"), "a trace started by the client has no state");
      }
      assertEquals(spanHeaders, headers, "the server received the ids of the exported request spans");
      assertEquals(2, traceOfStage.size());
      java.util.Set<String> traces = new java.util.HashSet<>();
      for (String header : headers) traces.add(header.substring(3, 35));
      assertEquals(new java.util.HashSet<>(traceOfStage.values()), traces, "each request in its stage's trace");
    }
  }

  /** Session-graph replay: the requests of a replayed session carry its trace, the one its session span has. */
  @Test
  void replayedSessionsSendTheirSessionsTrace(@TempDir Path dir) throws Exception {
    Path traces = Path.of(TracingEndToEndTest.class
        .getResource("/inference-perf-examples/otel/test_traces/simple").toURI());
    try (OtlpReceiver receiver = new OtlpReceiver();
        CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s, model_name: m}
          data:
            type: otel_trace_replay
            otel_trace_replay: {trace_directory: "%s", max_wait_ms: 20}
          load: {type: trace_session_replay, stages: [{concurrent_sessions: 2}]}
          """.formatted(server.baseUrl(), traces.toString().replace("\\", "/"));
      Output run = runWithTracing(dir, receiver.endpoint(), yaml, Map.of());
      assertEquals(0, run.code(), run.err());

      java.util.Set<String> sessionTraces = new java.util.HashSet<>();
      java.util.Set<String> spanHeaders = new java.util.HashSet<>();
      for (OtlpReceiver.Received span : receiver.spans()) {
        String traceId = hex(span.span().getTraceId().toByteArray());
        if (span.name().startsWith("session ")) sessionTraces.add(traceId);
        else spanHeaders.add("00-" + traceId + "-" + hex(span.span().getSpanId().toByteArray()) + "-01");
      }
      assertEquals(2, sessionTraces.size(), "a trace per replayed session");
      java.util.Set<String> headers = new java.util.HashSet<>();
      java.util.Set<String> requestTraces = new java.util.HashSet<>();
      for (CapturingOpenAiServer.Received request : server.received("/v1/chat/completions")) {
        headers.add(request.headers().get("traceparent"));
        requestTraces.add(request.headers().get("traceparent").substring(3, 35));
      }
      assertEquals(6, headers.size(), "3 calls in each of the 2 sessions");
      assertEquals(spanHeaders, headers, "the ids of the exported request spans");
      assertEquals(sessionTraces, requestTraces, "each call in its session's trace");
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b));
    return out.toString();
  }
}
