package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request's line: every field of its {@link RequestRecord}, with times in nanoseconds since the file's origin
 * and token arrivals as offsets from the send time. A value the record marks as absent (-1) is left out, as are
 * per-chunk token counts when every chunk carried one token.
 */
final class RecordJson {
  private RecordJson() {}

  static void write(JsonGenerator json, RequestRecord record, Map<String, Object> extraInfo, long originNanos)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.REQUEST);
    json.writeNumberField("seq", record.seq());
    json.writeNumberField("stage", record.stageId());
    json.writeNumberField("intended_ns", record.intendedStartNanos() - originNanos);
    boolean sent = record.sentNanos() >= 0;
    if (sent) json.writeNumberField("sent_ns", record.sentNanos() - originNanos);
    if (record.endNanos() >= 0) json.writeNumberField("end_ns", record.endNanos() - originNanos);
    writeChunks(json, record);
    if (record.firstContentNanos() >= 0) {
      json.writeNumberField("first_content_offset_ns", record.firstContentNanos() - record.sentNanos());
    }
    optional(json, "prompt_tokens", record.promptTokens());
    if (record.promptTokensFromServer()) json.writeBooleanField("prompt_tokens_from_server", true);
    optional(json, "client_output_tokens", record.clientOutputTokens());
    optional(json, "server_output_tokens", record.serverOutputTokens());
    optional(json, "cached_prompt_tokens", record.cachedPromptTokens());
    json.writeNumberField("request_bytes", record.requestBytes());
    json.writeNumberField("http_status", record.httpStatus());
    if (record.model() != null) json.writeStringField("model", record.model());
    if (record.failure() != null) writeFailure(json, record.failure());
    if (record.requestBody() != null) json.writeStringField("request_body", record.requestBody());
    if (record.responseBody() != null) json.writeStringField("response_body", record.responseBody());
    if (record.timestampSources() != 0) json.writeNumberField("kernel_stamps", record.timestampSources());
    if (record.readLatenessNanos() >= 0) json.writeNumberField("read_lateness_ns", record.readLatenessNanos());
    if (record.arrivalUncertaintyNanos() >= 0) {
      json.writeNumberField("arrival_uncertainty_ns", record.arrivalUncertaintyNanos());
    }
    if (!record.media().isEmpty()) {
      json.writeObjectFieldStart("media");
      MediaJson.writeFields(json, record.media());
      json.writeEndObject();
    }
    if (extraInfo != null && !extraInfo.isEmpty()) {
      json.writeObjectFieldStart("extra_info");
      for (Map.Entry<String, Object> field : extraInfo.entrySet()) json.writeObjectField(field.getKey(), field.getValue());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeChunks(JsonGenerator json, RequestRecord record) throws IOException {
    long[] chunks = record.chunkNanos();
    if (chunks.length == 0) return;
    json.writeArrayFieldStart("chunk_offsets_ns");
    for (long chunk : chunks) json.writeNumber(chunk - record.sentNanos());
    json.writeEndArray();
    int[] tokens = record.chunkTokens();
    if (tokens.length != chunks.length || !allOne(tokens)) {
      json.writeFieldName("chunk_tokens");
      json.writeArray(tokens, 0, tokens.length);
    }
  }

  private static boolean allOne(int[] tokens) {
    for (int k : tokens) {
      if (k != 1) return false;
    }
    return true;
  }

  static void writeFailure(JsonGenerator json, Failure failure) throws IOException {
    json.writeObjectFieldStart("failure");
    json.writeStringField("kind", failure.kind().name());
    if (failure.httpStatus() != 0) json.writeNumberField("http_status", failure.httpStatus());
    json.writeStringField("message", failure.message());
    json.writeEndObject();
  }

  private static void optional(JsonGenerator json, String name, int value) throws IOException {
    if (value >= 0) json.writeNumberField(name, value);
  }

  /** The record of a request line, its times moved by {@code shiftNanos} (0 keeps the file's timeline). */
  static RequestRecord read(JsonNode line, long shiftNanos) {
    long sent = time(line, "sent_ns", shiftNanos);
    long[] chunks = offsets(line.get("chunk_offsets_ns"), sent);
    int[] tokens = tokens(line.get("chunk_tokens"), chunks.length);
    JsonNode firstContent = line.get("first_content_offset_ns");
    return new RequestRecord(
        line.get("seq").asLong(),
        line.get("stage").asInt(),
        line.get("intended_ns").asLong() + shiftNanos,
        sent,
        time(line, "end_ns", shiftNanos),
        chunks,
        tokens,
        firstContent == null ? -1 : sent + firstContent.asLong(),
        intOrAbsent(line, "prompt_tokens"),
        line.path("prompt_tokens_from_server").asBoolean(false),
        intOrAbsent(line, "client_output_tokens"),
        intOrAbsent(line, "server_output_tokens"),
        intOrAbsent(line, "cached_prompt_tokens"),
        line.path("request_bytes").asInt(0),
        line.path("http_status").asInt(0),
        failure(line.get("failure")),
        text(line, "model"),
        text(line, "request_body"),
        text(line, "response_body"),
        line.path("kernel_stamps").asInt(0),
        line.has("read_lateness_ns") ? line.get("read_lateness_ns").asLong() : -1,
        line.has("arrival_uncertainty_ns") ? line.get("arrival_uncertainty_ns").asLong() : -1,
        MediaJson.read(line.get("media")));
  }

  /** The line's {@code extra_info} fields (strings and numbers), or null. */
  static Map<String, Object> extraInfo(JsonNode line) {
    JsonNode extra = line.get("extra_info");
    if (extra == null || !extra.isObject()) return null;
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : extra.properties()) {
      JsonNode value = field.getValue();
      fields.put(field.getKey(), value.isTextual() ? value.asText() : value.numberValue());
    }
    return fields;
  }

  private static long time(JsonNode line, String name, long shiftNanos) {
    JsonNode value = line.get(name);
    return value == null ? -1 : value.asLong() + shiftNanos;
  }

  private static long[] offsets(JsonNode array, long sentNanos) {
    if (array == null) return new long[0];
    long[] times = new long[array.size()];
    for (int i = 0; i < times.length; i++) times[i] = sentNanos + array.get(i).asLong();
    return times;
  }

  private static int[] tokens(JsonNode array, int chunks) {
    int[] tokens = new int[chunks];
    if (array == null) {
      Arrays.fill(tokens, 1);
      return tokens;
    }
    for (int i = 0; i < chunks && i < array.size(); i++) tokens[i] = array.get(i).asInt();
    return tokens;
  }

  static Failure failure(JsonNode node) {
    if (node == null || node.isNull()) return null;
    return new Failure(Failure.Kind.valueOf(node.get("kind").asText()), node.path("http_status").asInt(0),
        text(node, "message"));
  }

  private static int intOrAbsent(JsonNode line, String name) {
    JsonNode value = line.get(name);
    return value == null ? -1 : value.asInt();
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
