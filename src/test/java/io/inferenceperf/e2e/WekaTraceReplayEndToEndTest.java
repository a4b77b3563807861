package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type weka_trace_replay over real HTTP against the built-in simulator (prefix caching on): two Weka traces,
 * each a parent conversation of three calls and a subagent of two, replayed as session graphs; every call succeeds,
 * the session reports count them, and the rebuilt prompts hit the server's prefix cache as the traces' repeated
 * blocks say they should.
 */
class WekaTraceReplayEndToEndTest {

  @TempDir Path dir;

  static String trace(String id) {
    return trace(id, 1.0);
  }

  /**
   * Block size 16 (the simulator's prefix block); the parent's prompt grows by 4 blocks per call; recorded times
   * multiplied by {@code timeScale}.
   */
  static String trace(String id, double timeScale) {
    List<String> parent = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int blocks = 8 + 4 * k;
      parent.add(call(k * 2.0 * timeScale, blocks * 16 + 5, 20, range(1, blocks), 0.5 * timeScale,
          k == 0 ? 0 : 1.5 * timeScale));
    }
    String subagent = "{\"t\": " + 1.5 * timeScale + ", \"type\": \"subagent\", \"agent_id\": \"explore\","
        + " \"duration_ms\": " + 900 * timeScale + ", \"tool_tokens\": 40, \"system_tokens\": 8, \"requests\": ["
        + call(0, 6 * 16, 10, range(100, 6), 0.2 * timeScale, 0) + ", "
        + call(0.4 * timeScale, 10 * 16 + 3, 10, range(100, 10), 0.2 * timeScale, 0.2 * timeScale) + "]}";
    return "{\"id\": \"" + id + "\", \"models\": [\"claude-sonnet\"], \"block_size\": 16, \"tool_tokens\": 50,"
        + " \"system_tokens\": 14, \"requests\": [" + parent.get(0) + ", " + subagent + ", " + parent.get(1) + ", "
        + parent.get(2) + "]}";
  }

  static String call(double t, int in, int out, String hashIds, double apiTime, double thinkTime) {
    return "{\"t\": " + t + ", \"type\": \"s\", \"model\": \"claude-sonnet\", \"in\": " + in + ", \"out\": " + out
        + ", \"hash_ids\": [" + hashIds + "], \"api_time\": " + apiTime + ", \"think_time\": " + thinkTime
        + ", \"ttft\": 0.1}";
  }

  static String range(int first, int count) {
    return IntStream.range(first, first + count).mapToObj(Integer::toString).collect(Collectors.joining(", "));
  }

  @Test
  void tracesReplayAsSessionGraphsAndHitThePrefixCache() throws IOException {
    Path traces = Files.createDirectories(dir.resolve("traces"));
    Files.writeString(traces.resolve("a.json"), trace("alpha"));
    Files.writeString(traces.resolve("more.jsonl"), trace("beta") + "\n");
    String yaml = """
        api: {type: chat, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5, prefix_caching: true}
        tokenizer: {pretrained_model_name_or_path: "%s"}
        data:
          type: weka_trace_replay
          weka_trace_replay: {trace_directory: "%s", trace_idle_gap_cap_seconds: 0.05}
        load:
          type: trace_session_replay
          stages: [{concurrent_sessions: 2, num_sessions: 2}]
        report:
          request_lifecycle: {per_request: true}
          session_lifecycle: {per_session: true}
        """.formatted(RealTokenizers.folder("llama3"), traces);
    CliRunner.Result run = CliRunner.run(dir.resolve("run"), yaml);
    assertEquals(0, run.exitCode(), run.err());
    JsonNode requests = run.json("per_request_lifecycle_metrics.json");
    assertEquals(10, requests.size(), "2 sessions of 3 parent and 2 subagent calls");
    for (JsonNode r : requests) assertTrue(r.get("error").isNull(), r.toString());
    JsonNode summary = run.json("summary_session_lifecycle_metrics.json");
    assertEquals(2, summary.get("num_sessions_succeeded").asInt(), summary.toString());
    assertEquals(10, summary.get("total_events_completed").asInt(), summary.toString());
    double hit = summary.get("kv_cache_hit_percent").asDouble();
    assertTrue(hit > 40, "the calls repeat their conversation's earlier blocks: " + summary);
    List<String> ids = new ArrayList<>();
    run.json("per_session_lifecycle_metrics.json").forEach(s -> ids.add(s.get("session_id").asText()));
    assertEquals(List.of("alpha", "beta"), ids.stream().sorted().toList());
  }

  /**
   * inference-perf's config-weka.yaml as it is, in a child JVM: its hf_dataset_path's traces.jsonl comes from a
   * Hub-compatible server on 127.0.0.1 (HF_ENDPOINT), downloaded once; only the server address and the tokenizer
   * (the test's llama3 for google/gemma-3-1b-it) are overridden. Its 5 sessions, 2 at a time, all succeed.
   */
  @Test
  void inferencePerfsConfigWekaRunsWithItsHubDataset() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 6; i++) jsonl.append(trace("trace_" + i, 0.1)).append('\n');
    byte[] body = jsonl.toString().getBytes(StandardCharsets.UTF_8);
    List<String> hubPaths = new CopyOnWriteArrayList<>();
    HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        hubPaths.add(path);
        if (path.equals("/datasets/semianalysisai/cc-traces-weka-with-subagents-060826-256k/resolve/main/"
            + "traces.jsonl")) {
          exchange.getResponseHeaders().add("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        } else {
          exchange.sendResponseHeaders(404, -1);
        }
      }
    });
    hub.start();
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 2, "itl_ms", 0.5,
        "model", "google/gemma-3-1b-it", "prefix_caching", true)).orThrow();
    Path reports = dir.resolve("reports");
    try (RunningSimulator sim = Simulator.start(options);
        ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of(), List.of(),
            Map.of("HF_ENDPOINT", "http://127.0.0.1:" + hub.getAddress().getPort(), "HF_HOME",
                dir.resolve("hf").toString(), "HF_HUB_OFFLINE", "0"),
            "-c", "src/test/resources/inference-perf-examples/config-weka.yaml", "--server.base_url", sim.baseUrl(),
            "--tokenizer.pretrained_model_name_or_path", RealTokenizers.folder("llama3").toString(),
            "--storage.local_storage.path", reports.toString())) {
      int code = child.awaitExit(180);
      assertEquals(0, code, child.log());
      child.assertNoStackTrace();
    } finally {
      hub.stop(0);
    }
    assertEquals(1, hubPaths.size(), "one download: " + hubPaths);
    JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_session_lifecycle_metrics.json").toFile());
    assertEquals(5, summary.get("num_sessions_succeeded").asInt(), summary.toString());
    assertEquals(25, summary.get("total_events_completed").asInt(), summary.toString());
    assertTrue(Files.exists(reports.resolve("per_request_lifecycle_metrics.json")));
  }
}
