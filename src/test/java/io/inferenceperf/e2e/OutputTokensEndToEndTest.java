package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.e2e.SentRequests.Sent;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output tokens (issue 4, point 4) through the whole tool: the simulator streams several of its words per SSE event,
 * the client counts each event's tokens with its tokenizer (or counts events without one), and the reports give the
 * client's count beside the server's usage, the number of requests where they disagree, the count chosen by
 * report.request_lifecycle.use_server_output_tokens, and whether ITL is per token or per chunk.
 */
class OutputTokensEndToEndTest {

  /** 3 tokens per event; the simulator's words are single tokens in Llama 3. */
  private static final int TOKENS_PER_EVENT = 3;

  @TempDir Path dir;

  private static String yaml(String tokenizer, String data, boolean useServerOutputTokens) {
    return """
        api: {type: completion, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 5, itl_ms: 2, tokens_per_event: %d, model: ./no-tokenizer-model}
        %s
        data: %s
        load: {type: constant, base_seed: 9, stages: [{rate: 20, duration: 1}]}
        report: {request_lifecycle: {per_request: true, use_server_output_tokens: %s}}
        """.formatted(TOKENS_PER_EVENT, tokenizer, data, useServerOutputTokens);
  }

  private static String tokenizerAt(Path folder) {
    return "tokenizer: {pretrained_model_name_or_path: \"" + folder + "\"}";
  }

  @Test
  void withTheLlama3TokenizerItlIsPerTokenAndTheTokensOfOneEventAreZeroApart() throws Exception {
    CliRunner.Result run = CliRunner.run(dir, yaml(tokenizerAt(RealTokenizers.folder("llama3")),
        "{type: random, input_distribution: {min: 32, max: 32, mean: 32, type: fixed},"
            + " output_distribution: {min: 12, max: 12, mean: 12, type: fixed}}", false));
    SentRequests sent = SentRequests.of(run);
    for (Sent s : sent.requests()) {
      JsonNode response = s.entry().at("/info/response_metrics");
      assertEquals(12, response.at("/server_usage/completion_tokens").asInt());
      assertEquals(12, response.get("output_tokens").asInt(), "client count");
      List<Double> chunks = numbers(response.get("chunk_times"));
      List<Double> tokens = numbers(response.get("output_token_times"));
      assertEquals(12 / TOKENS_PER_EVENT, chunks.size(), response.toString());
      List<Double> expanded = new ArrayList<>();
      chunks.forEach(t -> { for (int i = 0; i < TOKENS_PER_EVENT; i++) expanded.add(t); });
      assertEquals(expanded, tokens, "each event's time once per token it carried");
      double tpot = (tokens.get(11) - tokens.get(0)) / 11;
      assertEquals(tpot, s.entry().get("tpot").asDouble(), 1e-9);
    }
    JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
    assertEquals("per_token", stage.at("/measurement/itl_granularity").asText());
    assertTrue(stage.at("/measurement/tokenizer").asText().contains("llama3"), stage.get("measurement").toString());
    assertEquals("server_usage", stage.at("/measurement/output_tokens_source").asText());
    assertEquals(0, stage.at("/successes/token_count_mismatches").asInt());
    assertEquals(12.0, stage.at("/successes/output_len/mean").asDouble(), "client count");
    assertEquals(12.0, stage.at("/successes/output_tokens/mean").asDouble(), "server count");
    // 11 gaps per request, 8 of them inside an event: the median gap is 0, the gaps between events are not.
    JsonNode itl = stage.at("/successes/latency/inter_token_latency");
    assertEquals(0.0, itl.get("median").asDouble(), itl.toString());
    assertEquals(0.0, itl.get("p25").asDouble(), itl.toString());
    assertTrue(itl.get("p90").asDouble() > 0.001, itl.toString());
  }

  @Test
  void withoutATokenizerItlIsPerChunkAndTheServerCountCanNormalise() throws Exception {
    // The served model is named like a missing local folder, so no tokenizer loads (not even the one shipped for
    // the simulator's own model names) and nothing is looked up on the network.
    // mock data asks for 30 tokens: 10 events of 3; without a tokenizer each event counts as one token, so the
    // client cannot know the real count: the server's usage normalises TPOT and throughput whatever
    // use_server_output_tokens says.
    for (boolean useServer : new boolean[] {false, true}) {
      CliRunner.Result run = CliRunner.run(dir.resolve("server-" + useServer), yaml("", "{type: mock}", useServer));
      SentRequests sent = SentRequests.of(run);
      int normalisedBy = 30;
      for (Sent s : sent.requests()) {
        JsonNode response = s.entry().at("/info/response_metrics");
        assertEquals(30, response.at("/server_usage/completion_tokens").asInt());
        assertEquals(10, response.get("output_tokens").asInt(), "client count: one per event");
        List<Double> times = numbers(response.get("output_token_times"));
        assertEquals(10, times.size(), "one timestamp per event");
        assertEquals((times.get(9) - times.get(0)) / (normalisedBy - 1), s.entry().get("tpot").asDouble(), 1e-9);
      }
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      String where = "use_server_output_tokens " + useServer + ": " + stage.get("measurement");
      assertEquals("per_chunk", stage.at("/measurement/itl_granularity").asText(), where);
      assertEquals("server_usage_when_reported",
          stage.at("/measurement/normalization_output_tokens").asText(), where);
      long count = stage.at("/successes/count").asLong();
      assertEquals(count, stage.at("/successes/token_count_mismatches").asLong(), "every request: 10 events, 30 tokens");
      assertEquals(10.0, stage.at("/successes/output_len/mean").asDouble());
      assertEquals(30.0, stage.at("/successes/output_tokens/mean").asDouble());
      // Throughput and request rate share one time span, so their ratio is the output tokens per request used.
      JsonNode throughput = stage.at("/successes/throughput");
      assertEquals(normalisedBy, throughput.get("output_tokens_per_sec").asDouble()
          / throughput.get("requests_per_sec").asDouble(), 1e-6, where);
    }
  }

  @Test
  void mismatchesCountTheRequestsWhereTheClientTokenizerDisagreesWithTheServer() throws Exception {
    // A small SentencePiece model trained on our corpus: it splits some of the simulator's words (" is" is 2
    // pieces), so outputs of up to 5 words agree with the server's count and longer ones do not.
    Path sentencePiece = Path.of("src/test/resources/sentencepiece").toAbsolutePath();
    CliRunner.Result run = CliRunner.run(dir, yaml(tokenizerAt(sentencePiece),
        "{type: random, input_distribution: {min: 10, max: 20, mean: 15, std_dev: 3},"
            + " output_distribution: {min: 2, max: 9, type: uniform}}", true));
    SentRequests sent = SentRequests.of(run);
    long disagreeing = 0;
    long clientTotal = 0;
    long serverTotal = 0;
    for (Sent s : sent.requests()) {
      JsonNode response = s.entry().at("/info/response_metrics");
      int client = response.get("output_tokens").asInt();
      int server = response.at("/server_usage/completion_tokens").asInt();
      assertEquals(s.maxTokens(), server);
      assertEquals(server <= 5, client == server, "client " + client + " server " + server);
      if (client != server) disagreeing++;
      clientTotal += client;
      serverTotal += server;
      // use_server_output_tokens: TPOT divides by the server's count, over the client's per-token timestamps.
      List<Double> times = numbers(response.get("output_token_times"));
      assertEquals(client, times.size());
      assertEquals((times.get(times.size() - 1) - times.get(0)) / (server - 1), s.entry().get("tpot").asDouble(),
          1e-9);
    }
    JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
    assertTrue(disagreeing > 0 && disagreeing < sent.requests().size(), "both kinds drawn: " + disagreeing);
    assertEquals(disagreeing, stage.at("/successes/token_count_mismatches").asLong());
    assertEquals("per_token", stage.at("/measurement/itl_granularity").asText());
    int n = sent.requests().size();
    assertEquals((double) clientTotal / n, stage.at("/successes/output_len/mean").asDouble(), 1e-9);
    assertEquals((double) serverTotal / n, stage.at("/successes/output_tokens/mean").asDouble(), 1e-9);
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }
}
