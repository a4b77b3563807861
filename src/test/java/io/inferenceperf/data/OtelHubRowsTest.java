package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.OtelTraceReplayConfig;
import io.inferenceperf.config.OtelTraceReplayConfig.HubDataset;
import io.inferenceperf.data.replay.ReplayCorpus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hf_dataset_path through the Hub's dataset viewer API, served by a stand-in on 127.0.0.1: rows become sessions
 * (a row whose spans the viewer truncated is skipped; spans given as a JSON string are read), the filter applies to
 * rows, and a second, offline load reads the cache.
 */
class OtelHubRowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String page() throws IOException {
    JsonNode spans = JSON.readTree(Path.of("src/test/resources/otel/tool_calls_trace.json").toFile()).get("spans");
    ObjectNode page = JSON.createObjectNode();
    ArrayNode rows = page.putArray("rows");
    rows.add(row(0, "gsm8k", spans, false));
    rows.add(row(1, "gsm8k", JSON.getNodeFactory().textNode("[{\"span_id\": \"cut"), true));
    rows.add(row(2, "math", JSON.getNodeFactory().textNode(spans.toString()), false));
    rows.add(row(3, "tau2", spans, false));
    page.put("num_rows_total", 4);
    return page.toString();
  }

  private static ObjectNode row(int index, String benchmark, JsonNode spans, boolean truncated) {
    ObjectNode row = JSON.createObjectNode();
    row.put("row_idx", index);
    ObjectNode values = row.putObject("row");
    values.put("session_id", "s" + index);
    values.put("benchmark", benchmark);
    values.set("spans", spans);
    ArrayNode cut = row.putArray("truncated_cells");
    if (truncated) cut.add("spans");
    return row;
  }

  private Config config() {
    OtelTraceReplayConfig otel = new OtelTraceReplayConfig(null, null, new HubDataset("org/traces", "default",
        "train", null), "lambda x: x['benchmark'] in ('gsm8k', 'math')", true, false, 15_000, false, null, false,
        Map.of(), Map.of(), false, "", Map.of(), 1000, 3600, true);
    DataConfig data = new DataConfig(DataType.OTEL_TRACE_REPLAY, null, null, null, null, false, null, null, null,
        null, null, otel, null);
    return TestConfigs.config(ApiType.CHAT, data, 42);
  }

  @Test
  void rowsAreFetchedOnceFilteredAndReplayed() throws IOException {
    List<String> queries = new CopyOnWriteArrayList<>();
    String body = page();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    Map<String, String> env = Map.of("HF_DATASETS_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
        "HF_HOME", dir.toString(), "HF_HUB_OFFLINE", "0");
    ReplayCorpus corpus;
    try {
      corpus = replay(OtelTraceReplayData.create(config(), env)).corpus();
    } finally {
      server.stop(0);
    }
    assertEquals(List.of("dataset=org%2Ftraces&config=default&split=train&offset=0&length=100"), queries);
    assertEquals(2, corpus.size(), "row 1 truncated, row 3 filtered out");
    for (int i = 0; i < corpus.size(); i++) {
      assertEquals(3, corpus.session(i).events().size());
      assertTrue(corpus.session(i).source().matches("org/traces row [01]"), corpus.session(i).source());
    }
    assertTrue(Files.isRegularFile(dir.resolve("datasets-server/org--traces/default/train-first-100000.jsonl")));
    Map<String, String> offline = Map.of("HF_DATASETS_SERVER", "http://127.0.0.1:9", "HF_HOME", dir.toString(),
        "HF_HUB_OFFLINE", "1");
    assertEquals(2, replay(OtelTraceReplayData.create(config(), offline)).corpus().size(), "from the cache");
  }

  @Test
  void anUnreachableViewerIsAProblemNamingTheKey() {
    Map<String, String> env = Map.of("HF_DATASETS_SERVER", "http://127.0.0.1:9", "HF_HOME", dir.toString(),
        "HF_HUB_OFFLINE", "0");
    DataGeneratorResult.Invalid invalid = assertInstanceOf(DataGeneratorResult.Invalid.class,
        OtelTraceReplayData.create(config(), env));
    String problem = invalid.problems().get(0);
    assertTrue(problem.startsWith("data.otel_trace_replay.hf_dataset_path: could not reach the Hugging Face dataset"
        + " viewer at http://127.0.0.1:9"), problem);
    assertTrue(problem.contains("use trace_files"), problem);
  }

  private static DataGeneratorResult.Replay replay(DataGeneratorResult result) {
    if (result instanceof DataGeneratorResult.Invalid invalid) throw new AssertionError(invalid.problems());
    return assertInstanceOf(DataGeneratorResult.Replay.class, result);
  }
}
