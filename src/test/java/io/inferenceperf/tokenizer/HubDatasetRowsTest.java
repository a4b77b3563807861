package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.testkit.RefusingPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of a dataset split through a dataset-viewer-compatible server on 127.0.0.1 (FakeDatasetViewer, a stand-in
 * for the Hugging Face one, which tests cannot reach): paging, the JSONL cache and its reuse without the network,
 * offline mode, 401/403 naming HF_TOKEN, retries of 503, 404 and an unreachable server naming data.path.
 */
class HubDatasetRowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HubDatasetRows.Split CNN = new HubDatasetRows.Split(FakeDatasetViewer.DATASET, "3.0.0",
      "train", List.of("article", "highlights"));

  @TempDir Path home;
  private FakeDatasetViewer viewer;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    viewer = new FakeDatasetViewer(250);
    env.put(HubDatasetRows.SERVER_ENV, viewer.endpoint() + "/");
    env.put("HF_HOME", home.resolve("hf").toString());
  }

  @AfterEach
  void stop() {
    viewer.close();
  }

  private HubDatasetRows.Fetched fetch(int maxRows) {
    return HubDatasetRows.from(env, home, null).fetch(CNN, maxRows);
  }

  private String failure(HubDatasetRows rows, HubDatasetRows.Split split) {
    return assertThrows(TokenizerLoadException.class, () -> rows.fetch(split, 2000)).getMessage();
  }

  @Test
  void downloadsEveryPageIntoTheCacheAndThenUsesItWithoutTheNetwork() throws IOException {
    HubDatasetRows.Fetched fetched = fetch(2000);
    Path expected = home.resolve("hf/datasets-server/abisee--cnn_dailymail/3.0.0/train-first-2000.jsonl");
    assertEquals(expected, fetched.file());
    assertFalse(fetched.fromCache());
    assertEquals(List.of("/rows?dataset=abisee%2Fcnn_dailymail&config=3.0.0&split=train&offset=0&length=100",
        "/rows?dataset=abisee%2Fcnn_dailymail&config=3.0.0&split=train&offset=100&length=100",
        "/rows?dataset=abisee%2Fcnn_dailymail&config=3.0.0&split=train&offset=200&length=100"), viewer.queries,
        "stops at num_rows_total");
    List<String> lines = Files.readAllLines(expected);
    assertEquals(249, lines.size(), "250 rows but the one with a truncated article");
    assertEquals(249, fetched.rows());
    assertEquals(1, fetched.skippedRows());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(FakeDatasetViewer.article(0), first.get("article").asText());
    assertEquals(FakeDatasetViewer.highlights(0), first.get("highlights").asText());
    assertEquals(FakeDatasetViewer.article(FakeDatasetViewer.TRUNCATED_ROW + 1),
        JSON.readTree(lines.get(FakeDatasetViewer.TRUNCATED_ROW)).get("article").asText());
    assertEquals(List.of("null", "null", "null"), viewer.authorizations, "no token configured, none sent");

    viewer.close();
    HubDatasetRows.Fetched again = fetch(2000);
    assertEquals(expected, again.file());
    assertTrue(again.fromCache());
    assertEquals(249, again.rows());
    env.put("HF_HUB_OFFLINE", "1");
    assertEquals(expected, fetch(2000).file());
    assertEquals(3, viewer.queries.size(), "no request after the first download");
  }

  @Test
  void downloadsOnlyTheRowsAskedFor() throws IOException {
    HubDatasetRows.Fetched fetched = fetch(150);
    assertEquals(List.of("/rows?dataset=abisee%2Fcnn_dailymail&config=3.0.0&split=train&offset=0&length=100",
        "/rows?dataset=abisee%2Fcnn_dailymail&config=3.0.0&split=train&offset=100&length=50"), viewer.queries);
    assertEquals(149, Files.readAllLines(fetched.file()).size());
    assertTrue(fetched.file().endsWith("train-first-150.jsonl"));
  }

  @Test
  void offlineWithoutTheCacheSaysSoAndSendsNothing() {
    for (String flag : new String[] {"HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE"}) {
      Map<String, String> offline = new HashMap<>(env);
      offline.put(flag, "1");
      String message = failure(HubDatasetRows.from(offline, home, null), CNN);
      assertTrue(message.contains("HF_HUB_OFFLINE is set") && message.contains("data.path")
          && message.contains("train-first-2000.jsonl"), message);
    }
    assertTrue(viewer.queries.isEmpty());
  }

  @Test
  void aGatedDatasetNamesHfTokenWithoutPrintingIt() {
    viewer.requireToken("good-token");
    String noToken = failure(HubDatasetRows.from(env, home, null), CNN);
    assertTrue(noToken.contains("HF_TOKEN") && noToken.contains("HTTP 401") && noToken.contains("no token was sent")
        && noToken.contains("not accessible without authentication"), noToken);
    env.put("HF_TOKEN", "hf_wrong_secret");
    String refused = failure(HubDatasetRows.from(env, home, null), CNN);
    assertTrue(refused.contains("the token sent was refused") && !refused.contains("hf_wrong_secret"), refused);
    assertEquals("Bearer hf_wrong_secret", viewer.authorizations.getLast());
    viewer.failNext(403);
    String forbidden = failure(HubDatasetRows.from(env, home, null), CNN);
    assertTrue(forbidden.contains("HF_TOKEN") && forbidden.contains("HTTP 403"), forbidden);
    assertTrue(Files.notExists(home.resolve("hf/datasets-server/abisee--cnn_dailymail/3.0.0/train-first-2000.jsonl")));

    HubDatasetRows.Fetched fetched = HubDatasetRows.from(env, home, "good-token").fetch(CNN, 2000);
    assertEquals(249, fetched.rows(), "tokenizer.token wins over HF_TOKEN");
    assertEquals("Bearer good-token", viewer.authorizations.getLast());
  }

  @Test
  void retriesABusyServerThenGivesUpNamingDataPath() {
    HubDatasetRows rows = new HubDatasetRows(viewer.endpoint(), home.resolve("rows"), false, null,
        Duration.ofMillis(5));
    viewer.failNext(503, 429);
    assertEquals(249, rows.fetch(CNN, 2000).rows());
    assertEquals(5, viewer.queries.size(), "two failed attempts, then three pages");
    viewer.failNext(503, 503, 503);
    HubDatasetRows other = new HubDatasetRows(viewer.endpoint(), home.resolve("other"), false, null,
        Duration.ofMillis(5));
    String message = failure(other, CNN);
    assertTrue(message.contains("HTTP 503: scripted failure 503, after 3 attempts") && message.contains("data.path"),
        message);
  }

  @Test
  void anUnknownSplitAndAnUnreachableServerNameDataPath() throws IOException {
    String missing = failure(HubDatasetRows.from(env, home, null),
        new HubDatasetRows.Split(FakeDatasetViewer.DATASET, "9.9.9", "train", List.of("article")));
    assertTrue(missing.contains("HTTP 404: Not found.") && missing.contains("config 9.9.9")
        && missing.contains("data.path"), missing);
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int closedPort = refusing.port();
      env.put(HubDatasetRows.SERVER_ENV, "http://127.0.0.1:" + closedPort);
      String unreachable = failure(HubDatasetRows.from(env, home, null), CNN);
      assertTrue(unreachable.contains("could not reach the Hugging Face dataset viewer at http://127.0.0.1:")
          && unreachable.contains("HF_DATASETS_SERVER") && unreachable.contains("set data.path"), unreachable);
    }
  }

  @Test
  void theDefaultServerIsTheHubsDatasetViewer() {
    assertEquals("https://datasets-server.huggingface.co", HubDatasetRows.from(Map.of(), home, null).server());
  }
}
