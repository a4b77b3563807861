package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.PreparedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBuilderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ServerConfig server(boolean ignoreEos, String apiKey) {
    return new ServerConfig(ServerType.VLLM, "m", "http://127.0.0.1:1", ignoreEos, apiKey);
  }

  @Test
  void streamingCompletionBody() throws Exception {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiType.COMPLETION, true, Map.of()), server(true, null));
    PreparedRequest request = builder.build("llama", new Prompt("Hello \"world\"\n", 5, 64));
    JsonNode body = JSON.readTree(request.body());
    assertEquals(
        JSON.readTree("""
            {"model":"llama","prompt":"Hello \\"world\\"\\n","max_tokens":64,"ignore_eos":true,"stream":true,
             "stream_options":{"include_usage":true}}"""),
        body);
    assertEquals(List.of("model", "prompt", "max_tokens", "ignore_eos", "stream", "stream_options"),
        fieldNames(body));
    assertEquals("/v1/completions", request.path());
    assertTrue(request.streaming());
    assertFalse(request.chat());
    assertEquals(5, request.clientPromptTokens());
    assertEquals("llama", request.model());
  }

  @Test
  void bodiesBuiltOneAfterAnotherOnOneThreadAreEachWhole() throws Exception {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiType.COMPLETION, true, Map.of()), server(true, null));
    // The thread's body buffer is reused: a small body after a large one (that grew it past one block) must not
    // carry any of the large one's bytes, and bodies already handed out must not change.
    String large = "word ".repeat(200_000);
    byte[] first = builder.build("m", new Prompt("small", 1, 8)).body();
    byte[] firstCopy = first.clone();
    JsonNode big = JSON.readTree(builder.build("m", new Prompt(large, 200_000, 8)).body());
    assertEquals(large, big.get("prompt").asText());
    byte[] after = builder.build("m", new Prompt("tiny", 1, 8)).body();
    assertEquals("tiny", JSON.readTree(after).get("prompt").asText());
    assertEquals(JSON.readTree(first).size(), JSON.readTree(after).size());
    assertEquals(first.length - 1, after.length, "'tiny' is one byte shorter than 'small'");
    assertTrue(java.util.Arrays.equals(firstCopy, first), "a body handed out earlier is untouched");
  }

  @Test
  void responseFormatEndsTheBodyAndTurnHeadersGoOnTop() throws Exception {
    ApiConfig api = new ApiConfig(ApiType.CHAT, false, Map.of("X-Team", "a"), null,
        new io.inferenceperf.config.ResponseFormat(io.inferenceperf.config.ResponseFormat.Type.JSON_SCHEMA, "n",
            Map.of("type", "object")), null, null);
    RequestBuilder builder = new RequestBuilder(api, server(true, null));
    JsonNode body = JSON.readTree(builder.build("m", new Prompt("hi", 1, 4)).body());
    assertEquals(JSON.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":{\"type\":\"object\"}}}"),
        body.get("response_format"));
    assertEquals("response_format", fieldNames(body).get(fieldNames(body).size() - 1));
    PreparedRequest turn = builder.build("m", new Prompt("hi", 1, 4), Map.of("x-team", "b", "x-session-id", "s1"),
        null);
    assertEquals(Map.of("Content-Type", "application/json", "x-team", "b", "x-session-id", "s1"), turn.headers());
    assertEquals(Map.of("Content-Type", "application/json", "X-Team", "a"), builder.headers(), "shared ones unchanged");
  }

  @Test
  void anthropicMessagesBodyAndHeaders() throws Exception {
    ApiConfig api = new ApiConfig(ApiType.ANTHROPIC_MESSAGES, true, Map.of("X-Team", "a"), null,
        new io.inferenceperf.config.ResponseFormat(io.inferenceperf.config.ResponseFormat.Type.JSON_OBJECT, "n",
            null), null, null);
    RequestBuilder builder = new RequestBuilder(api, server(true, "sk-ant"));
    PreparedRequest request = builder.build("claude", new Prompt("Hi", 1, 0));
    JsonNode body = JSON.readTree(request.body());
    assertEquals(JSON.readTree("""
        {"model":"claude","messages":[{"role":"user","content":"Hi"}],"max_tokens":30,"stream":true}"""), body,
        "no ignore_eos, stream_options or response_format");
    assertEquals(List.of("model", "messages", "max_tokens", "stream"), fieldNames(body));
    assertEquals("/v1/messages", request.path());
    assertTrue(request.anthropic());
    assertEquals(Map.of("Content-Type", "application/json", "x-api-key", "sk-ant", "anthropic-version",
        "2023-06-01", "X-Team", "a"), request.headers());
  }

  @Test
  void templatedCompletionPromptsAskTheServerNotToAddSpecialTokens() throws Exception {
    RequestBuilder builder =
        new RequestBuilder(new ApiConfig(ApiType.COMPLETION, true, Map.of()), server(true, null), true);
    JsonNode body = JSON.readTree(builder.build("llama", new Prompt("<|begin_of_text|>hi", 3, 8)).body());
    assertFalse(body.get("add_special_tokens").asBoolean(true));
    assertEquals(List.of("model", "prompt", "max_tokens", "ignore_eos", "stream", "stream_options",
        "add_special_tokens"), fieldNames(body));
    // Not templated, or the chat API (whose server applies the template itself): the key is left out.
    JsonNode plain = JSON.readTree(new RequestBuilder(new ApiConfig(ApiType.COMPLETION, true, Map.of()),
        server(true, null), false).build("llama", new Prompt("hi", 2, 8)).body());
    assertFalse(plain.has("add_special_tokens"), plain.toString());
    JsonNode chat = JSON.readTree(new RequestBuilder(new ApiConfig(ApiType.CHAT, true, Map.of()),
        server(true, null), true).build("llama", new Prompt("hi", 2, 8)).body());
    assertFalse(chat.has("add_special_tokens"), chat.toString());
  }

  @Test
  void nonStreamingChatBodyFallsBackToThirtyTokens() throws Exception {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiType.CHAT, false, Map.of()), server(false, null));
    PreparedRequest request = builder.build("adapter-1", new Prompt("Hi ✓", -1, 0));
    assertEquals(
        JSON.readTree("""
            {"model":"adapter-1","messages":[{"role":"user","content":"Hi ✓"}],"max_tokens":30,
             "ignore_eos":false,"stream":false}"""),
        JSON.readTree(request.body()));
    assertEquals("/v1/chat/completions", request.path());
    assertTrue(request.chat());
    assertEquals(-1, request.clientPromptTokens());
  }

  @Test
  void headersMergeCaseInsensitivelyInOrder() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("content-type", "application/json; charset=utf-8");
    extra.put("X-Tenant", "a");
    extra.put("AUTHORIZATION", "Basic abc");
    RequestBuilder builder =
        new RequestBuilder(new ApiConfig(ApiType.CHAT, true, extra), server(false, " secret "));
    assertEquals(
        Map.of("content-type", "application/json; charset=utf-8", "X-Tenant", "a", "AUTHORIZATION", "Basic abc"),
        builder.headers());
    PreparedRequest one = builder.build("m", new Prompt("a", 1, 1));
    PreparedRequest two = builder.build("m", new Prompt("b", 1, 1));
    assertTrue(one.headers() == two.headers(), "headers are shared so the transport can cache their encoding");
  }

  @Test
  void apiKeyBecomesBearerAuthorization() {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiType.COMPLETION, false, Map.of()), server(false, "k"));
    assertEquals(Map.of("Content-Type", "application/json", "Authorization", "Bearer k"), builder.headers());
    RequestBuilder noKey = new RequestBuilder(new ApiConfig(ApiType.COMPLETION, false, Map.of()), server(false, " "));
    assertEquals(Map.of("Content-Type", "application/json"), noKey.headers());
  }

  @Test
  void headerWithLineBreakIsRejectedWithTheKeyName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RequestBuilder(
            new ApiConfig(ApiType.COMPLETION, false, Map.of("X-Evil", "a\r\nHost: b")), server(false, null)));
    assertTrue(e.getMessage().contains("api.headers") && e.getMessage().contains("X-Evil"), e.getMessage());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
