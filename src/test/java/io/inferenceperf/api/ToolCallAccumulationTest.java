package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Live tool calls assembled from a response, for the requests that keep them: OpenAI delta.tool_calls pieces by
 * index (and a whole message's list), Anthropic tool_use blocks with their input_json_delta fragments (and a whole
 * body's blocks); reasoning and content still make the text, and tool call pieces carry no token time.
 */
class ToolCallAccumulationTest {

  private static final PreparedRequest CHAT = request("/v1/chat/completions", true);
  private static final PreparedRequest MESSAGES = request("/v1/messages", false);

  private static PreparedRequest request(String path, boolean chat) {
    return new PreparedRequest(path, "{}".getBytes(StandardCharsets.UTF_8), Map.of(), "m", true, -1, chat, !chat,
        null);
  }

  private static ResponseAssembler keeping(PreparedRequest request, boolean stream) {
    ResponseAssembler assembler = new ResponseAssembler(request, 1, 0, 0, false, true, done -> { });
    assembler.keepToolCalls();
    assembler.onSent(10);
    assembler.onHead(200, stream, 20);
    return assembler;
  }

  private static void event(ResponseAssembler assembler, String data, long nanos) {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    assembler.onBody(bytes, 0, bytes.length);
    assembler.onEvent(false, bytes, bytes.length, nanos);
  }

  private static void body(ResponseAssembler assembler, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assembler.onBody(bytes, 0, bytes.length);
    assembler.onEnd(100);
  }

  private static String toolDelta(String call) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + call + "]},\"finish_reason\":null}]}";
  }

  private static void chatStream(ResponseAssembler assembler) {
    event(assembler, "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", 30);
    event(assembler, "{\"choices\":[{\"delta\":{\"reasoning\":\"I should search\"}}]}", 40);
    event(assembler, "{\"choices\":[{\"delta\":{\"content\":\"Searching.\"}}]}", 50);
    event(assembler, toolDelta("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"search\","
        + "\"arguments\":\"\"}}"), 60);
    event(assembler, toolDelta("{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\": \"}}"), 70);
    event(assembler, toolDelta("{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"read\","
        + "\"arguments\":\"{}\"}}"), 80);
    event(assembler, toolDelta("{\"index\":0,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}"), 90);
    event(assembler, "{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}", 95);
    event(assembler, "[DONE]", 96);
    assembler.onEnd(100);
  }

  @Test
  void chatStreamedToolCallsAreJoinedByIndex() {
    ResponseAssembler assembler = keeping(CHAT, true);
    chatStream(assembler);
    assertEquals(List.of(new ToolCall("call_a", "search", "{\"q\": \"x\"}"), new ToolCall("call_b", "read", "{}")),
        assembler.toolCalls());
    assertEquals("I should searchSearching.", assembler.generatedText(), "reasoning then content");
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success(), String.valueOf(record.failure()));
    assertEquals(2, record.chunkNanos().length, "only reasoning and content chunks are timed");
  }

  @Test
  void toolCallsAreNotKeptUnlessAsked() {
    ResponseAssembler assembler = new ResponseAssembler(CHAT, 1, 0, 0, false, true, done -> { });
    assembler.onSent(10);
    assembler.onHead(200, true, 20);
    chatStream(assembler);
    assertEquals(List.of(), assembler.toolCalls());
    assertNull(assembler.failure());
  }

  @Test
  void chatWholeMessageToolCalls() {
    ResponseAssembler assembler = keeping(CHAT, false);
    body(assembler, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"{\\\"q\\\":1}\"}},"
        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"read\",\"arguments\":\"{}\"}}]},"
        + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}");
    assertEquals(List.of(new ToolCall("call_1", "search", "{\"q\":1}"), new ToolCall("call_2", "read", "{}")),
        assembler.toolCalls());
  }

  @Test
  void anthropicStreamedToolUseBlocks() {
    ResponseAssembler assembler = keeping(MESSAGES, true);
    event(assembler, "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
        + "\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}", 30);
    event(assembler, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
        + "\"thinking\":\"\"}}", 31);
    event(assembler, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
        + "\"thinking\":\"hmm\"}}", 32);
    event(assembler, "{\"type\":\"content_block_stop\",\"index\":0}", 33);
    event(assembler, "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        34);
    event(assembler, "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}",
        35);
    event(assembler, "{\"index\":2,\"type\":\"content_block_start\",\"content_block\":{\"input\":{},\"name\":\"search\","
        + "\"id\":\"toolu_9\",\"type\":\"tool_use\"}}", 36);
    event(assembler, "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
        + "\"{\\\"q\\\": \"},\"index\":2}", 37);
    event(assembler, "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\","
        + "\"partial_json\":\"\\\"x\\\"}\"}}", 38);
    event(assembler, "{\"type\":\"content_block_stop\",\"index\":2}", 39);
    event(assembler, "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":"
        + "{\"output_tokens\":12}}", 40);
    event(assembler, "{\"type\":\"message_stop\"}", 41);
    assembler.onEnd(50);
    assertEquals(List.of(new ToolCall("toolu_9", "search", "{\"q\": \"x\"}")), assembler.toolCalls());
    assertEquals("hmmok", assembler.generatedText());
    assertNull(assembler.failure());
  }

  @Test
  void anthropicWholeBodyToolUse() {
    ResponseAssembler assembler = keeping(MESSAGES, false);
    body(assembler, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"let me look\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"search\",\"input\":{\"q\":\"x\",\"n\":[1,2]}}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":5,\"output_tokens\":7}}");
    assertEquals(List.of(new ToolCall("toolu_1", "search", "{\"q\":\"x\",\"n\":[1,2]}")), assembler.toolCalls());
    assertEquals("let me look", assembler.generatedText());
  }
}
