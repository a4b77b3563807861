package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.data.replay.ReplayEvent;
import io.inferenceperf.data.replay.ReplayMessage;
import io.inferenceperf.data.replay.ReplaySession;
import io.inferenceperf.data.replay.ReplayText;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of one replayed call in OpenAI chat form, with the live outputs of the calls they carry: an
 * assistant message that stands for call i's output gets its live text and, when it recorded tool calls and call i
 * generated some, the live tool calls in their place (each recorded call paired with a live one of the same
 * function name, else with the next live one left; a recorded call with no live partner stays). The tool messages
 * that answer a replaced call get its live id as tool_call_id.
 *
 * <p>bad_tool_call_handling use_recorded: when a live call's arguments are not valid JSON, the recorded message
 * (text and tool calls) is sent instead. Not thread-safe; one per request.
 */
final class ReplayMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReplaySession session;
  private final List<GeneratedOutput> live;
  private final List<String> liveTexts;
  private final boolean useRecordedOnBadCall;
  private final Map<String, String> liveIdOfRecorded = new HashMap<>();
  /** The events whose recorded output stood in for a malformed live one (use_recorded), in the order met. */
  private final List<String> recordedSubstitutions = new ArrayList<>();

  /**
   * @param live each event's live output (null where none), or null to send the recorded outputs throughout
   * @param useRecordedOnBadCall bad_tool_call_handling: use_recorded
   */
  ReplayMessages(ReplaySession session, List<GeneratedOutput> live, boolean useRecordedOnBadCall) {
    this.session = session;
    this.live = live;
    this.useRecordedOnBadCall = useRecordedOnBadCall;
    if (live == null) {
      liveTexts = null;
    } else {
      liveTexts = new ArrayList<>(live.size());
      for (GeneratedOutput output : live) liveTexts.add(output == null ? null : output.text());
    }
  }

  /** The events whose recorded output replaced their live one in the messages built so far. */
  List<String> recordedSubstitutions() {
    return recordedSubstitutions;
  }

  /** The messages of {@code call}, in order. */
  List<ObjectNode> build(ReplayEvent call) {
    List<ObjectNode> out = new ArrayList<>(call.messages().size());
    for (ReplayMessage message : call.messages()) out.add(message(message));
    return out;
  }

  private ObjectNode message(ReplayMessage message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("role", message.role());
    int source = soleOutput(message);
    GeneratedOutput output = source < 0 || live == null || source >= live.size() ? null : live.get(source);
    boolean recorded = output != null && useRecordedOnBadCall && !allValid(output.toolCalls());
    if (recorded) recordedSubstitutions.add(session.events().get(source).eventId());
    node.put("content", recorded ? session.events().get(source).recordedOutput()
        : ReplayText.content(message, session, liveTexts));
    if (message.extra() != null) {
      message.extra().fields().forEachRemaining(field -> {
        if (!node.has(field.getKey())) node.set(field.getKey(), field.getValue());
      });
    }
    if (output != null && !recorded && node.path("tool_calls").isArray() && !output.toolCalls().isEmpty()) {
      node.set("tool_calls", substituted((ArrayNode) node.get("tool_calls"), output.toolCalls()));
    }
    String answered = node.path("tool_call_id").asText(null);
    if (message.role().equals("tool") && answered != null && liveIdOfRecorded.containsKey(answered)) {
      node.put("tool_call_id", liveIdOfRecorded.get(answered));
    }
    return node;
  }

  /** The event an assistant message stands for when its whole content is that event's output, else -1. */
  private static int soleOutput(ReplayMessage message) {
    if (!message.role().equals("assistant") || message.content().size() != 1) return -1;
    return message.content().get(0) instanceof ReplayMessage.OutputOf of ? of.event() : -1;
  }

  private ArrayNode substituted(ArrayNode recordedCalls, List<ToolCall> liveCalls) {
    boolean[] used = new boolean[liveCalls.size()];
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode recordedCall : recordedCalls) {
      String name = recordedCall.path("function").path("name").asText("");
      int partner = partner(name, liveCalls, used);
      if (partner < 0) {
        out.add(recordedCall);
        continue;
      }
      used[partner] = true;
      ToolCall call = liveCalls.get(partner);
      String id = call.id().isEmpty() ? recordedCall.path("id").asText("") : call.id();
      ObjectNode node = out.addObject();
      node.put("id", id);
      node.put("type", "function");
      node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      String recordedId = recordedCall.path("id").asText(null);
      if (recordedId != null) liveIdOfRecorded.put(recordedId, id);
    }
    return out;
  }

  /** The first unused live call of function {@code name}, else the first unused one, else -1. */
  private static int partner(String name, List<ToolCall> calls, boolean[] used) {
    for (int i = 0; i < calls.size(); i++) {
      if (!used[i] && calls.get(i).name().equals(name)) return i;
    }
    for (int i = 0; i < calls.size(); i++) {
      if (!used[i]) return i;
    }
    return -1;
  }

  /** Whether every call's arguments are valid JSON text. */
  static boolean allValid(List<ToolCall> calls) {
    for (ToolCall call : calls) {
      if (!validJson(call.arguments())) return false;
    }
    return true;
  }

  /** Whether every recorded call (OpenAI form) has valid JSON arguments. */
  static boolean allValid(ArrayNode recorded) {
    if (recorded == null) return true;
    for (JsonNode call : recorded) {
      if (!validJson(call.path("function").path("arguments").asText(""))) return false;
    }
    return true;
  }

  static boolean validJson(String text) {
    if (text == null || text.isBlank()) return false;
    try (var parser = JSON.createParser(text)) {
      JSON.readTree(parser);
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
