package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one trace's JSON into a {@link WekaTrace}, checking every field it uses; a problem is a
 * {@link ReplayFormatException} naming the source, the trace, the entry (requests[3].requests[0]) and the field.
 */
final class WekaTraceParser {

  private final String source;
  private final int defaultBlockSize;
  private String traceId = "?";

  private WekaTraceParser(String source, int defaultBlockSize) {
    this.source = source;
    this.defaultBlockSize = defaultBlockSize;
  }

  /** The trace in {@code json}, read from {@code source}; blocks of {@code defaultBlockSize} tokens unless named. */
  static WekaTrace parse(JsonNode json, String source, int defaultBlockSize) {
    return new WekaTraceParser(source, defaultBlockSize).trace(json);
  }

  private WekaTrace trace(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw problem("", "a trace must be a JSON object {id, models, block_size, requests, ...}");
    }
    JsonNode id = json.get("id");
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
      throw problem("id", "missing or not a string: every trace needs its id");
    }
    traceId = id.asText();
    JsonNode blockSize = json.get("block_size");
    int blocks = blockSize == null || blockSize.isNull() || blockSize.asInt() == 0 ? defaultBlockSize
        : whole(json, "block_size", "", 1);
    ArrayNode requests = array(json, "requests", "");
    if (requests.isEmpty()) {
      throw problem("requests", "is empty: a trace needs at least one call");
    }
    List<WekaTrace.Entry> entries = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      entries.add(entry(requests.get(i), "requests[" + i + "]"));
    }
    JsonNode scope = json.get("hash_id_scope");
    return new WekaTrace(traceId, source, blocks, optionalWhole(json, "tool_tokens", ""),
        optionalWhole(json, "system_tokens", ""), scope != null && "global".equals(scope.asText()), entries);
  }

  private WekaTrace.Entry entry(JsonNode json, String at) {
    if (json == null || !json.isObject()) {
      throw problem(at, "must be an object with a type (n, s or subagent)");
    }
    JsonNode type = json.get("type");
    String kind = type == null ? "" : type.asText();
    return switch (kind) {
      case "n", "s" -> request(json, at);
      case "subagent" -> subagent(json, at);
      default -> throw problem(at + ".type", (type == null ? "missing" : "'" + kind + "' is not a request type")
          + "; expected n (a call), s (a streamed call) or subagent");
    };
  }

  private WekaTrace.Request request(JsonNode json, String at) {
    String prefix = at + ".";
    double start = number(json, "t", prefix, true);
    int in = whole(json, "in", prefix, 0);
    int out = json.hasNonNull("out") ? whole(json, "out", prefix, 0) : -1;
    long[] hashIds = hashIds(json, prefix);
    return new WekaTrace.Request(start, in, out, hashIds, number(json, "api_time", prefix, false),
        number(json, "think_time", prefix, false));
  }

  private WekaTrace.Subagent subagent(JsonNode json, String at) {
    String prefix = at + ".";
    double t = number(json, "t", prefix, true);
    JsonNode agent = json.get("agent_id");
    String agentId = agent == null || agent.isNull() || agent.asText().isBlank() ? at : agent.asText();
    double durationMs = number(json, "duration_ms", prefix, false);
    List<WekaTrace.Request> calls = new ArrayList<>();
    JsonNode nested = json.get("requests");
    if (nested != null && !nested.isNull()) {
      ArrayNode list = array(json, "requests", prefix);
      for (int i = 0; i < list.size(); i++) {
        String callAt = prefix + "requests[" + i + "]";
        JsonNode call = list.get(i);
        if (call != null && call.isObject() && "subagent".equals(call.path("type").asText())) {
          throw problem(callAt + ".type", "a subagent inside a subagent is not supported; only the parent's"
              + " requests may spawn subagents");
        }
        if (!(entry(call, callAt) instanceof WekaTrace.Request request)) {
          throw problem(callAt, "must be a call (type n or s)");
        }
        calls.add(request);
      }
    }
    return new WekaTrace.Subagent(t, agentId, durationMs < 0 ? -1 : durationMs / 1000.0,
        optionalWhole(json, "tool_tokens", prefix), optionalWhole(json, "system_tokens", prefix), calls);
  }

  private long[] hashIds(JsonNode json, String prefix) {
    JsonNode node = json.get("hash_ids");
    if (node == null || node.isNull()) return new long[0];
    if (!node.isArray()) throw problem(prefix + "hash_ids", "must be a list of whole numbers");
    long[] ids = new long[node.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = node.get(i);
      if (!id.isIntegralNumber()) {
        throw problem(prefix + "hash_ids[" + i + "]", "must be a whole number, got " + id);
      }
      ids[i] = id.asLong();
    }
    return ids;
  }

  private ArrayNode array(JsonNode json, String field, String prefix) {
    JsonNode node = json.get(field);
    if (node == null || !node.isArray()) {
      throw problem(prefix + field, node == null ? "missing: expected a list" : "must be a list, got " + node);
    }
    return (ArrayNode) node;
  }

  /** A number >= 0; absent: -1, or a problem when required. */
  private double number(JsonNode json, String field, String prefix, boolean required) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      if (required) throw problem(prefix + field, "missing: expected a number of seconds");
      return -1;
    }
    if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0) {
      throw problem(prefix + field, "must be a number >= 0, got " + node);
    }
    return node.asDouble();
  }

  private int whole(JsonNode json, String field, String prefix, int min) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      throw problem(prefix + field, "missing: expected a whole number of tokens");
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min) {
      throw problem(prefix + field, "must be a whole number >= " + min + ", got " + node);
    }
    return node.asInt();
  }

  private int optionalWhole(JsonNode json, String field, String prefix) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? 0 : whole(json, field, prefix, 0);
  }

  private ReplayFormatException problem(String field, String message) {
    String where = field.isEmpty() ? "" : " field " + field;
    return new ReplayFormatException(source + ": trace '" + traceId + "'" + where + ": " + message);
  }
}
