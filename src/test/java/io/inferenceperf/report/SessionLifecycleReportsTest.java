package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.results.SessionStagePlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inference-perf's session lifecycle reports from replayed sessions: counts, rates, cache hits, stage metadata. */
class SessionLifecycleReportsTest {
  private static final long S = 1_000_000_000L;
  private static final ReportConfig.SessionLifecycle ALL = new ReportConfig.SessionLifecycle(true, true, true);

  private static SessionRecord session(String id, int stage, long start, long end, int events, int done, int cancelled,
      Failure error, long cached, long cacheable) {
    return session(id, stage, start, end, events, done, cancelled, error, cached, cacheable, List.of());
  }

  private static SessionRecord session(String id, int stage, long start, long end, int events, int done, int cancelled,
      Failure error, long cached, long cacheable, List<String> substituted) {
    return new SessionRecord(id, id + ".json", stage, start, end, events, done, events - done - cancelled, cancelled,
        error, 100, 10, cached, cacheable, substituted);
  }

  @Test
  void recordedSubstitutionsAreCountedPerSessionAndInTheSummaryAsInferencePerf() {
    List<SessionRecord> sessions = List.of(
        session("a", 0, 0, S, 4, 4, 0, null, -1, -1, List.of("e1", "e3")),
        session("b", 0, 0, S, 2, 2, 0, null, -1, -1),
        session("c", 0, 0, S, 2, 2, 0, null, -1, -1, List.of("e0")));
    Map<String, JsonNode> files = SessionLifecycleReports.files(
        new SessionLifecycleReports.Data(sessions, Map.of(), 0), ALL, List.of(50.0));
    JsonNode summary = files.get("summary_session_lifecycle_metrics");
    assertEquals(2, summary.get("sessions_with_recorded_substitution").asInt());
    assertEquals(3, summary.at("/total_recorded_substitutions/count").asInt());
    assertEquals("substitutions=2 event_ids=['e1', 'e3']",
        summary.at("/total_recorded_substitutions/messages/0/message").asText());
    assertEquals("a", summary.at("/total_recorded_substitutions/messages/0/session_ids/0").asText());
    assertEquals("c", summary.at("/total_recorded_substitutions/messages/1/session_ids/0").asText());
    JsonNode perSession = files.get("per_session_lifecycle_metrics");
    assertEquals(2, perSession.get(0).get("n_recorded_substitutions").asInt());
    assertEquals("e3", perSession.get(0).at("/recorded_substitution_event_ids/1").asText());
    assertTrue(perSession.get(1).get("n_recorded_substitutions").isNull(), "none: null, as inference-perf");
    assertTrue(perSession.get(1).get("recorded_substitution_event_ids").isNull());
  }

  @Test
  void theSummaryCountsSessionsEventsAndTheServersCacheHits() {
    List<SessionRecord> sessions = List.of(
        session("a", 0, 0, 2 * S, 4, 4, 0, null, 30, 100),
        session("b", 0, S, 3 * S, 3, 1, 1, Failure.http(500, "x"), 10, 100),
        session("c", 1, 3 * S, 4 * S, 2, 2, 0, null, -1, -1));
    Map<String, JsonNode> files = SessionLifecycleReports.files(
        new SessionLifecycleReports.Data(sessions, Map.of(), 0), ALL, List.of(50.0, 90.0));
    assertEquals(List.of("summary_session_lifecycle_metrics", "stage_0_session_lifecycle_metrics",
        "stage_1_session_lifecycle_metrics", "per_session_lifecycle_metrics"), List.copyOf(files.keySet()));
    JsonNode summary = files.get("summary_session_lifecycle_metrics");
    assertEquals(3, summary.get("num_sessions").asInt());
    assertEquals(2, summary.get("num_sessions_succeeded").asInt());
    assertEquals(1, summary.get("num_sessions_failed").asInt());
    assertEquals(9, summary.get("total_events").asInt());
    assertEquals(7, summary.get("total_events_completed").asInt());
    assertEquals(1, summary.get("total_events_cancelled").asInt());
    assertEquals(0.75, summary.get("sessions_per_second").asDouble(), 1e-12, "3 sessions over 4 s");
    assertEquals(2, summary.get("sessions_with_cache_info").asInt());
    assertEquals(20.0, summary.get("kv_cache_hit_percent").asDouble(), 1e-12, "40 of 200 prompt tokens cached");
    assertEquals(20.0, summary.at("/kv_cache_hit_per_session_percent/mean").asDouble(), 1e-12);
    assertEquals(2.0, summary.at("/session_duration_sec/max").asDouble(), 1e-12);
    assertEquals(3.0, summary.at("/num_events/median").asDouble(), 1e-12);
    assertTrue(summary.at("/num_events/p90").isNumber());
    JsonNode perSession = files.get("per_session_lifecycle_metrics");
    assertEquals("HTTP Error 500", perSession.get(1).at("/error/error_type").asText());
    assertTrue(perSession.get(2).get("total_cached_tokens").isNull(), "no cache info: null, as inference-perf");
  }

  @Test
  void withoutCacheInfoTheHitRateIsNull() {
    Map<String, JsonNode> files = SessionLifecycleReports.files(new SessionLifecycleReports.Data(
        List.of(session("a", 0, 0, S, 1, 1, 0, null, -1, -1)), Map.of(), 0), ALL, List.of(50.0));
    assertTrue(files.get("summary_session_lifecycle_metrics").get("kv_cache_hit_percent").isNull());
    assertTrue(files.get("summary_session_lifecycle_metrics").get("total_cached_tokens").isNull());
  }

  @Test
  void aFailedStageThatRanItsWholeTimeoutIsTimedOut() {
    SessionLifecycleReports.Stage stage = new SessionLifecycleReports.Stage(0, Status.FAILED, 0, 5 * S,
        new SessionStagePlan(0, 5 * S, 2, 0));
    Map<String, JsonNode> files = SessionLifecycleReports.files(new SessionLifecycleReports.Data(
        List.of(session("a", 0, 0, S, 1, 1, 0, null, -1, -1)), Map.of(0, stage), 0), ALL, List.of(50.0));
    JsonNode metadata = files.get("stage_0_session_lifecycle_metrics").get("stage_metadata");
    assertEquals("TIMED_OUT", metadata.get("status").asText());
    assertEquals(5.0, metadata.get("timeout_configured").asDouble(), 1e-12);
    assertEquals(2, metadata.get("concurrent_sessions").asInt());
    assertTrue(metadata.get("session_rate").isNull());
    assertEquals("stage_metadata", files.get("stage_0_session_lifecycle_metrics").fieldNames().next(), "first");
  }

  @Test
  void noSessionsNoFiles() {
    assertTrue(SessionLifecycleReports.files(SessionLifecycleReports.Data.NONE, ALL, List.of(50.0)).isEmpty());
  }
}
