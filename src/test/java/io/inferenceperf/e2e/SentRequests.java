package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a run sent, read back from its per_request_lifecycle_metrics.json in send order. */
record SentRequests(List<Sent> requests) {

  /**
   * One request.
   *
   * @param index the request's index within its stage (what the data generator was asked for)
   * @param prompt the completion prompt, or the chat API's single user message
   * @param body the JSON body as sent
   * @param entry the whole per-request entry (response, timings, token counts)
   */
  record Sent(int stage, long index, String prompt, int maxTokens, JsonNode body, JsonNode entry) {}

  /** Reads a successful run's requests; every one must have succeeded. */
  static SentRequests of(CliRunner.Result run) throws IOException {
    assertEquals(0, run.exitCode(), run.err());
    List<JsonNode> entries = new ArrayList<>();
    run.json("per_request_lifecycle_metrics.json").forEach(entries::add);
    assertTrue(!entries.isEmpty(), "no request was recorded; err:\n" + run.err());
    entries.sort(Comparator.comparingLong(e -> e.get("seq").asLong()));
    List<Sent> sent = new ArrayList<>();
    long[] firstSeqOfStage = new long[16];
    java.util.Arrays.fill(firstSeqOfStage, -1);
    for (JsonNode entry : entries) {
      assertTrue(entry.get("error").isNull(), entry.toString());
      int stage = entry.get("stage_id").asInt();
      long seq = entry.get("seq").asLong();
      if (firstSeqOfStage[stage] < 0) firstSeqOfStage[stage] = seq;
      JsonNode body = CliRunner.JSON.readTree(entry.get("request").asText());
      String prompt = body.has("messages") ? onlyUserMessage(body) : body.get("prompt").asText();
      sent.add(new Sent(stage, seq - firstSeqOfStage[stage], prompt, body.get("max_tokens").asInt(), body, entry));
    }
    return new SentRequests(List.copyOf(sent));
  }

  private static String onlyUserMessage(JsonNode body) {
    JsonNode messages = body.get("messages");
    assertEquals(1, messages.size(), "the chat API sends the prompt as one user message: " + body);
    assertEquals("user", messages.get(0).get("role").asText());
    return messages.get(0).get("content").asText();
  }

  /** The request bodies in send order. */
  List<String> bodies() {
    return requests.stream().map(s -> s.body().toString()).toList();
  }
}
