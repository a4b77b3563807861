package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;

/**
 * One recorded LLM call of a session.
 *
 * @param eventId the call's name in its trace (span id, or request number), for logs and reports
 * @param predecessors indices of the earlier events this one waits for (empty: starts with the session)
 * @param waitNanos the recorded pause after the last predecessor ended (after the session started when none)
 * @param messages the input conversation; segments may stand for the live output of a predecessor
 * @param maxTokens output tokens to ask for (the recorded completion tokens), at least 1
 * @param recordedInputTokens the recorded prompt tokens, or -1 when unknown
 * @param recordedOutput the recorded output text (what substitution falls back to), may be empty
 * @param recordedToolCalls the recorded assistant tool calls (OpenAI form), or null
 * @param tools tool definitions to send (OpenAI form), or null
 * @param headers extra request headers for this call (from attribute_to_header_map)
 * @param labels labels for the per-request report (from attribute_to_label_map)
 */
public record ReplayEvent(
    String eventId,
    List<Integer> predecessors,
    long waitNanos,
    List<ReplayMessage> messages,
    int maxTokens,
    int recordedInputTokens,
    String recordedOutput,
    ArrayNode recordedToolCalls,
    ArrayNode tools,
    Map<String, String> headers,
    Map<String, String> labels) {

  public ReplayEvent {
    predecessors = List.copyOf(predecessors);
    messages = List.copyOf(messages);
    headers = ordered(headers); // in attribute_to_header_map's order
    labels = ordered(labels); // in attribute_to_label_map's order: the per-request file's info.labels
    recordedOutput = recordedOutput == null ? "" : recordedOutput;
    if (waitNanos < 0) throw new IllegalArgumentException("negative wait for event " + eventId);
    if (maxTokens < 1) throw new IllegalArgumentException("max tokens below 1 for event " + eventId);
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }
}
