package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.SessionRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The results lines of session-graph replay: a stage's session settings, and each replayed session. */
final class SessionJson {
  private SessionJson() {}

  static void writeStagePlan(JsonGenerator json, SessionStagePlan plan) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.SESSION_STAGE);
    json.writeNumberField("stage", plan.stageId());
    json.writeNumberField("timeout_ns", plan.timeoutNanos());
    json.writeNumberField("concurrent_sessions", plan.concurrentSessions());
    json.writeNumberField("session_rate", plan.sessionRate());
    json.writeEndObject();
  }

  static SessionStagePlan readStagePlan(JsonNode line) {
    return new SessionStagePlan(line.get("stage").asInt(), line.path("timeout_ns").asLong(0),
        line.path("concurrent_sessions").asInt(0), line.path("session_rate").asDouble(0));
  }

  static void write(JsonGenerator json, SessionRecord session, long originNanos) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", ResultsFormat.SESSION);
    json.writeNumberField("stage", session.stageId());
    json.writeStringField("session_id", session.sessionId());
    if (session.source() != null) json.writeStringField("source", session.source());
    json.writeNumberField("start_ns", session.startNanos() - originNanos);
    json.writeNumberField("end_ns", session.endNanos() - originNanos);
    json.writeNumberField("events", session.numEvents());
    json.writeNumberField("completed", session.eventsCompleted());
    json.writeNumberField("failed", session.eventsFailed());
    json.writeNumberField("cancelled", session.eventsCancelled());
    if (session.error() != null) RecordJson.writeFailure(json, session.error());
    json.writeNumberField("input_tokens", session.inputTokens());
    json.writeNumberField("output_tokens", session.outputTokens());
    if (session.cachedTokens() >= 0) {
      json.writeNumberField("cached_tokens", session.cachedTokens());
      json.writeNumberField("cacheable_input_tokens", session.cacheableInputTokens());
    }
    if (!session.recordedSubstitutionEventIds().isEmpty()) {
      json.writeArrayFieldStart("recorded_substitutions");
      for (String eventId : session.recordedSubstitutionEventIds()) json.writeString(eventId);
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  static SessionRecord read(JsonNode line, long shiftNanos) {
    JsonNode source = line.get("source");
    return new SessionRecord(line.get("session_id").asText(), source == null ? null : source.asText(),
        line.get("stage").asInt(), line.get("start_ns").asLong() + shiftNanos, line.get("end_ns").asLong() + shiftNanos,
        line.get("events").asInt(), line.get("completed").asInt(), line.path("failed").asInt(0),
        line.path("cancelled").asInt(0), RecordJson.failure(line.get("failure")), line.path("input_tokens").asLong(0),
        line.path("output_tokens").asLong(0), line.path("cached_tokens").asLong(-1),
        line.path("cacheable_input_tokens").asLong(-1), strings(line.get("recorded_substitutions")));
  }

  private static List<String> strings(JsonNode array) {
    if (array == null || !array.isArray()) return List.of();
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode item : array) out.add(item.asText());
    return out;
  }
}
