package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.data.replay.ReplayEvent;
import io.inferenceperf.data.replay.ReplayMessage;
import io.inferenceperf.data.replay.ReplaySession;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.ToolCall;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The messages of a replayed call: live tool calls in place of the recorded ones (paired by function name), tool
 * results answering the live ids, and bad_tool_call_handling use_recorded.
 */
class ReplayMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode call(String id, String name, String arguments) {
    ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  private static ArrayNode recordedCalls(String firstArguments) {
    return JSON.createArrayNode().add(call("rec_w", "weather", firstArguments)).add(call("rec_t", "time", "{}"))
        .add(call("rec_x", "other", "{}"));
  }

  private static ReplayMessage text(String role, String text, ObjectNode extra) {
    return new ReplayMessage(role, List.of(new ReplayMessage.Text(text, false)), extra);
  }

  /** Event 0 recorded three tool calls; event 1 carries them and answers each. */
  private static ReplaySession session(String firstArguments) {
    ArrayNode calls = recordedCalls(firstArguments);
    ReplayEvent first = new ReplayEvent("e0", List.of(), 0, List.of(text("user", "go", null)), 8, -1, "recorded text",
        calls, JSON.createArrayNode(), Map.of(), Map.of());
    ObjectNode extra = JSON.createObjectNode();
    extra.set("tool_calls", calls);
    ReplayEvent second = new ReplayEvent("e1", List.of(0), 0, List.of(text("user", "go", null),
        new ReplayMessage("assistant", List.of(new ReplayMessage.OutputOf(0)), extra),
        text("tool", "12:00", JSON.createObjectNode().put("tool_call_id", "rec_t")),
        text("tool", "sunny", JSON.createObjectNode().put("tool_call_id", "rec_w")),
        text("tool", "other", JSON.createObjectNode().put("tool_call_id", "rec_x"))), 8, -1, "", null, null,
        Map.of(), Map.of());
    return new ReplaySession("s", "s.json", List.of(first, second));
  }

  private static List<ObjectNode> build(ReplaySession session, GeneratedOutput live, boolean useRecorded) {
    return new ReplayMessages(session, Arrays.asList(live, null), useRecorded).build(session.events().get(1));
  }

  @Test
  void liveCallsReplaceTheRecordedOnesByNameAndTheResultsAnswerTheLiveIds() {
    GeneratedOutput live = new GeneratedOutput("thinking", List.of(new ToolCall("live_t", "time", "{\"tz\": 1}"),
        new ToolCall("live_w", "weather", "{\"city\": \"Rome\"}")));
    List<ObjectNode> messages = build(session("{}"), live, false);
    ObjectNode assistant = messages.get(1);
    assertEquals("thinking", assistant.get("content").asText());
    assertEquals("live_w", assistant.at("/tool_calls/0/id").asText(), "paired by name, not by position");
    assertEquals("{\"city\": \"Rome\"}", assistant.at("/tool_calls/0/function/arguments").asText());
    assertEquals("live_t", assistant.at("/tool_calls/1/id").asText());
    assertEquals("rec_x", assistant.at("/tool_calls/2/id").asText(), "no live partner: the recorded call stays");
    assertEquals("live_t", messages.get(2).get("tool_call_id").asText());
    assertEquals("live_w", messages.get(3).get("tool_call_id").asText());
    assertEquals("rec_x", messages.get(4).get("tool_call_id").asText());
  }

  @Test
  void unpairedNamesTakeTheNextLiveCallAndNoLiveCallsKeepTheRecordedOnes() {
    GeneratedOutput renamed = new GeneratedOutput("", List.of(new ToolCall("live_1", "search", "{}")));
    List<ObjectNode> messages = build(session("{}"), renamed, false);
    assertEquals("live_1", messages.get(1).at("/tool_calls/0/id").asText());
    assertEquals("search", messages.get(1).at("/tool_calls/0/function/name").asText());
    assertEquals("live_1", messages.get(3).get("tool_call_id").asText());
    List<ObjectNode> textOnly = build(session("{}"), GeneratedOutput.text("just text"), false);
    assertEquals("just text", textOnly.get(1).get("content").asText());
    assertEquals("rec_w", textOnly.get(1).at("/tool_calls/0/id").asText());
    assertEquals("rec_w", textOnly.get(3).get("tool_call_id").asText());
  }

  @Test
  void useRecordedSendsTheRecordedMessageForMalformedLiveArguments() {
    GeneratedOutput broken = new GeneratedOutput("live", List.of(new ToolCall("live_w", "weather", "{\"city\": ")));
    List<ObjectNode> recorded = build(session("{\"city\": \"Paris\"}"), broken, true);
    assertEquals("recorded text", recorded.get(1).get("content").asText());
    assertEquals("rec_w", recorded.get(1).at("/tool_calls/0/id").asText());
    assertEquals("rec_w", recorded.get(3).get("tool_call_id").asText());
    List<ObjectNode> asIs = build(session("{\"city\": \"Paris\"}"), broken, false);
    assertEquals("{\"city\": ", asIs.get(1).at("/tool_calls/0/function/arguments").asText(), "none: sent as is");
  }

  @Test
  void argumentsAreValidOnlyAsOneWholeJsonValue() {
    assertTrue(ReplayMessages.validJson("{\"a\": [1, 2]}"));
    assertFalse(ReplayMessages.validJson(""));
    assertFalse(ReplayMessages.validJson("{\"a\": 1"));
    assertFalse(ReplayMessages.validJson("{} {}"));
    assertTrue(ReplayMessages.allValid(recordedCalls("{}")));
    assertFalse(ReplayMessages.allValid(recordedCalls("{")));
  }
}
