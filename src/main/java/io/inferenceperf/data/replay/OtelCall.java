package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One LLM call of a trace: an LLM span's messages, output, tokens, tools and times (milliseconds from the trace's
 * first LLM span, rounded as inference-perf rounds them).
 *
 * @param promptTokens gen_ai.usage.prompt_tokens (or input_tokens), or -1
 * @param completionTokens gen_ai.usage.completion_tokens (or output_tokens), or -1
 * @param attributes the span's attributes, for attribute_to_header_map and attribute_to_label_map
 */
record OtelCall(
    String spanId,
    long startMs,
    long endMs,
    List<OtelMessage> messages,
    OtelMessage output,
    int promptTokens,
    int completionTokens,
    ArrayNode tools,
    JsonNode attributes) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int ERROR_STATUS = 2;

  /** Output tokens to ask for: the recorded count, else a quarter of the output's characters; at least 1. */
  int expectedOutputTokens() {
    if (completionTokens >= 0) return Math.max(1, completionTokens);
    return Math.max(1, (output == null ? 0 : output.matchText().length()) / 4);
  }

  /**
   * The LLM calls of {@code spans}, in start order (ties by span id): spans that are exact copies (same times and
   * attributes) count once; an LLM span is a chat operation (gen_ai.operation.name chat, or a name starting with
   * "chat ") with input messages; error spans (status.code 2) are left out unless {@code includeErrors}.
   */
  static List<OtelCall> fromSpans(JsonNode spans, boolean includeErrors) {
    if (spans == null || !spans.isArray()) throw new ReplayFormatException("'spans' is not a list");
    List<JsonNode> llm = new ArrayList<>();
    for (JsonNode span : withoutCopies(spans)) {
      if (isLlmSpan(span) && (includeErrors || span.path("status").path("code").asInt(0) != ERROR_STATUS)) {
        llm.add(span);
      }
    }
    if (llm.isEmpty()) return List.of();
    List<long[]> times = new ArrayList<>();
    for (JsonNode span : llm) times.add(new long[] {micros(span, "start_time"), micros(span, "end_time")});
    long t0 = times.stream().mapToLong(t -> t[0]).min().orElseThrow();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < llm.size(); i++) order.add(i);
    order.sort(Comparator.<Integer>comparingLong(i -> times.get(i)[0])
        .thenComparing(i -> llm.get(i).path("span_id").asText("")));
    List<OtelCall> calls = new ArrayList<>();
    for (int i : order) {
      long start = times.get(i)[0];
      long end = times.get(i)[1] == Long.MIN_VALUE ? start : times.get(i)[1];
      calls.add(call(llm.get(i), Math.round((start - t0) / 1000.0), Math.round((end - t0) / 1000.0)));
    }
    return calls;
  }

  /** Spans sorted by id, keeping the first of those with equal start, end and attributes. */
  private static List<JsonNode> withoutCopies(JsonNode spans) {
    List<JsonNode> sorted = new ArrayList<>();
    spans.forEach(sorted::add);
    sorted.sort(Comparator.comparing(s -> s.path("span_id").asText("")));
    Set<List<Object>> seen = new HashSet<>();
    List<JsonNode> unique = new ArrayList<>();
    for (JsonNode span : sorted) {
      if (seen.add(List.of(String.valueOf(span.get("start_time")), String.valueOf(span.get("end_time")),
          span.path("attributes")))) {
        unique.add(span);
      }
    }
    return unique;
  }

  private static boolean isLlmSpan(JsonNode span) {
    JsonNode attrs = span.path("attributes");
    boolean chat = attrs.path("gen_ai.operation.name").asText("").equals("chat")
        || span.path("name").asText("").startsWith("chat ");
    JsonNode input = attrs.get("gen_ai.input.messages");
    boolean hasInput = input != null && (input.isTextual() && !input.asText().isEmpty()
        || input.isArray() && !input.isEmpty());
    return chat && hasInput;
  }

  private static OtelCall call(JsonNode span, long startMs, long endMs) {
    String spanId = span.path("span_id").asText("");
    JsonNode attrs = span.path("attributes");
    try {
      List<OtelMessage> messages = new ArrayList<>();
      for (JsonNode m : jsonList(attrs.get("gen_ai.input.messages"), "gen_ai.input.messages")) {
        messages.add(OtelMessage.input(m));
      }
      return new OtelCall(spanId, startMs, endMs, messages, output(attrs), tokens(attrs, "prompt_tokens",
          "input_tokens"), tokens(attrs, "completion_tokens", "output_tokens"), tools(attrs, spanId), attrs);
    } catch (ReplayFormatException e) {
      throw new ReplayFormatException("span " + spanId + ": " + e.getMessage());
    }
  }

  private static OtelMessage output(JsonNode attrs) {
    for (String key : new String[] {"gen_ai.output.text", "gen_ai.completion", "gen_ai.output"}) {
      if (attrs.path(key).isTextual()) return OtelMessage.outputText(attrs.get(key).asText());
    }
    JsonNode out = attrs.get("gen_ai.output.messages");
    if (out == null || out.isNull()) return null;
    ArrayNode list = jsonList(out, "gen_ai.output.messages");
    if (list.isEmpty() || !list.get(0).isObject()) return null;
    if (list.size() > 1) {
      throw new ReplayFormatException("gen_ai.output.messages holds " + list.size() + " messages; one is expected");
    }
    return OtelMessage.output(list.get(0));
  }

  private static int tokens(JsonNode attrs, String key, String alternative) {
    JsonNode value = attrs.get("gen_ai.usage." + key);
    if (value == null || value.isNull()) value = attrs.get("gen_ai.usage." + alternative);
    if (value == null || value.isNull()) return -1;
    if (!value.canConvertToInt() && !value.isTextual()) {
      throw new ReplayFormatException("gen_ai.usage." + key + " is not a number: " + value);
    }
    try {
      return value.isTextual() ? Integer.parseInt(value.asText().strip()) : value.asInt();
    } catch (NumberFormatException e) {
      throw new ReplayFormatException("gen_ai.usage." + key + " is not a number: " + value);
    }
  }

  private static ArrayNode tools(JsonNode attrs, String spanId) {
    JsonNode raw = attrs.get("gen_ai.tool.definitions");
    if (raw == null || raw.isNull()) return null;
    if (raw.isArray()) return (ArrayNode) raw;
    if (raw.isTextual()) {
      try {
        JsonNode parsed = JSON.readTree(raw.asText());
        if (parsed != null && parsed.isArray()) return (ArrayNode) parsed;
      } catch (IOException e) {
        // as inference-perf: a warning and no tools
      }
    }
    org.slf4j.LoggerFactory.getLogger(OtelCall.class).warn("span {}: gen_ai.tool.definitions is not a JSON list of"
        + " tools; the call is replayed without tools", spanId);
    return null;
  }

  /** A list attribute, given as a list or as a JSON string holding one. */
  private static ArrayNode jsonList(JsonNode value, String key) {
    if (value != null && value.isArray()) return (ArrayNode) value;
    if (value != null && value.isTextual()) {
      try {
        JsonNode parsed = JSON.readTree(value.asText());
        if (parsed != null && parsed.isArray()) return (ArrayNode) parsed;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ReplayFormatException(key + " is not valid JSON (" + e.getOriginalMessage() + ")");
      }
    }
    throw new ReplayFormatException(key + " is not a list of messages");
  }

  /** An ISO-8601 time in microseconds since the epoch (no zone = UTC); Long.MIN_VALUE when absent. */
  static long micros(JsonNode span, String key) {
    JsonNode value = span.get(key);
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      if (key.equals("end_time")) return Long.MIN_VALUE;
      throw new ReplayFormatException("span " + span.path("span_id").asText("?") + " has no " + key);
    }
    String text = value.asText().replace(" ", "T");
    try {
      OffsetDateTime t = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")
          ? OffsetDateTime.parse(text.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
          : LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
      return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    } catch (DateTimeParseException e) {
      throw new ReplayFormatException("span " + span.path("span_id").asText("?") + ": " + key + " '" + value.asText()
          + "' is not an ISO-8601 time (e.g. 2026-02-25T10:00:00.000000)");
    }
  }

  /** Attributes inference-perf drops from a call (its messages and output), so no header or label reads them. */
  static final Set<String> MESSAGE_ATTRIBUTES = Set.of("gen_ai.input.messages", "gen_ai.output.messages",
      "gen_ai.tool.definitions", "gen_ai.output.text", "gen_ai.completion", "gen_ai.output");
}
