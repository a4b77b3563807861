package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.e2e.SentRequests.Sent;
import io.inferenceperf.tokenizer.FakeDatasetViewer;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data.type: cnn_dailymail} without data.path, through the real entry point in a child JVM (the Hub's
 * settings are environment variables), against the built-in simulator: the rows come from a dataset-viewer-compatible
 * server on 127.0.0.1 (FakeDatasetViewer; the Hugging Face one is not reachable from tests) and are sent in order,
 * article as the prompt and the highlights' token count as max_tokens. A second run, offline with the server gone,
 * sends the same requests from the cache. A gated dataset ends the run before any request with exit 1 and a message
 * naming HF_TOKEN.
 */
class CnnDailymailHubEndToEndTest {
  @TempDir Path dir;

  private static final String YAML = """
      api: {type: completion, streaming: true}
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5}
      tokenizer: {pretrained_model_name_or_path: "%s"}
      data: {type: cnn_dailymail, input_distribution: {min: 1, max: 4000}, output_distribution: {min: 1, max: 500}}
      load: {type: constant, stages: [{rate: 20, duration: 1}]}
      report: {request_lifecycle: {per_request: true}}
      """.formatted(RealTokenizers.folder("llama3"));

  private SentRequests run(String name, Map<String, String> env, String logLine) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve(name));
    Path config = Files.writeString(runDir.resolve("config.yml"), YAML);
    Path reports = runDir.resolve("reports");
    try (ChildRun child = ChildRun.start(runDir.resolve("log.txt"), List.of(), List.of(), env, "-c",
        config.toString(), "--storage.local_storage.path", reports.toString())) {
      int code = child.awaitExit(120);
      String log = child.log();
      assertEquals(0, code, log);
      assertTrue(log.contains(logLine), log);
      assertTrue(log.contains("client warm-up: skipped (inferenceperf.warmupBudgetMillis=0)"), log);
      child.assertNoStackTrace();
      return SentRequests.of(new CliRunner.Result(code, log, log, reports));
    }
  }

  @Test
  void downloadsTheRowsOnceAndSendsThemInOrder() throws Exception {
    Tokenizer llama3 = RealTokenizers.load("llama3");
    List<Integer> rowsKept = IntStream.range(0, 300).filter(i -> i != FakeDatasetViewer.TRUNCATED_ROW).boxed()
        .toList();
    Map<String, String> env;
    List<String> firstPrompts;
    try (FakeDatasetViewer viewer = new FakeDatasetViewer(300)) {
      env = Map.of("HF_DATASETS_SERVER", viewer.endpoint(), "HF_HOME", dir.resolve("hf").toString(),
          "HF_TOKEN", "hf_e2e_token", "HF_HUB_OFFLINE", "0", "HF_DATASETS_OFFLINE", "0");
      SentRequests sent = run("first", env, "data.type cnn_dailymail: 299 rows downloaded to");
      assertEquals(20, sent.requests().size());
      for (Sent s : sent.requests()) {
        int row = rowsKept.get((int) s.index());
        assertEquals(FakeDatasetViewer.article(row), s.prompt(), "request " + s.index());
        assertEquals(llama3.countTokens(FakeDatasetViewer.highlights(row), false), s.maxTokens(),
            "request " + s.index());
      }
      assertEquals(3, viewer.queries.size(), viewer.queries.toString());
      assertTrue(viewer.authorizations.stream().allMatch("Bearer hf_e2e_token"::equals));
      firstPrompts = sent.requests().stream().map(Sent::prompt).toList();
    }
    Map<String, String> offline = new java.util.HashMap<>(env);
    offline.put("HF_HUB_OFFLINE", "1");
    SentRequests again = run("again", offline, "data.type cnn_dailymail: 299 rows from the cache");
    assertEquals(firstPrompts, again.requests().stream().map(Sent::prompt).toList());
  }

  @Test
  void aGatedDatasetStopsTheRunNamingHfToken() throws Exception {
    try (FakeDatasetViewer viewer = new FakeDatasetViewer(300)) {
      viewer.requireToken("good-token");
      Path config = Files.writeString(dir.resolve("config.yml"), YAML);
      try (ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of(), List.of(),
          Map.of("HF_DATASETS_SERVER", viewer.endpoint(), "HF_HOME", dir.resolve("hf").toString(),
              "HF_TOKEN", "hf_wrong_secret", "HF_HUB_OFFLINE", "0", "HF_DATASETS_OFFLINE", "0"),
          "-c", config.toString(), "--storage.local_storage.path", dir.resolve("reports").toString())) {
        assertEquals(1, child.awaitExit(120), child.log());
        String log = child.log();
        assertTrue(log.contains("data.type cnn_dailymail: 'abisee/cnn_dailymail' is private or gated")
            && log.contains("HTTP 401") && log.contains("set HF_TOKEN") && !log.contains("hf_wrong_secret"), log);
        child.assertNoStackTrace();
      }
      assertEquals(1, viewer.queries.size(), "a 401 is not retried");
    }
  }
}
