package io.inferenceperf.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.FailureLabeler;
import io.inferenceperf.metrics.Percentiles;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.results.SessionStagePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * inference-perf's session lifecycle reports of a session-graph replay: {@code summary_session_lifecycle_metrics},
 * {@code stage_N_session_lifecycle_metrics} (with {@code stage_metadata}) and {@code per_session_lifecycle_metrics},
 * rendered from the replayed sessions' {@link SessionRecord}s. Times in the per-session file are seconds since the
 * first stage's start, so a rebuild from the results file writes the same bytes.
 */
public final class SessionLifecycleReports {
  private SessionLifecycleReports() {}

  /**
   * A replay stage as its report states it.
   *
   * @param plan its session settings, or null when the results did not carry them
   */
  public record Stage(int stageId, Status status, long startNanos, long endNanos, SessionStagePlan plan) {}

  /** The sessions of a run, in the order they ended, and its replay stages by id. */
  public record Data(List<SessionRecord> sessions, Map<Integer, Stage> stages, long originNanos) {
    public static final Data NONE = new Data(List.of(), Map.of(), 0);

    public Data {
      sessions = List.copyOf(sessions);
      stages = Map.copyOf(new TreeMap<>(stages));
    }
  }

  /** The report trees by file name (without prefix and extension), in writing order; empty without sessions. */
  public static Map<String, JsonNode> files(Data data, ReportConfig.SessionLifecycle config, List<Double> percentiles) {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    if (data.sessions().isEmpty()) return files;
    if (config.summary()) {
      files.put("summary_session_lifecycle_metrics", summary(data.sessions(), percentiles));
    }
    if (config.perStage()) {
      Map<Integer, List<SessionRecord>> byStage = new TreeMap<>();
      for (SessionRecord s : data.sessions()) byStage.computeIfAbsent(s.stageId(), k -> new ArrayList<>()).add(s);
      for (Map.Entry<Integer, List<SessionRecord>> stage : byStage.entrySet()) {
        ObjectNode report = JsonFormat.object();
        Stage facts = data.stages().get(stage.getKey());
        if (facts != null) report.set("stage_metadata", metadata(facts));
        report.setAll(summary(stage.getValue(), percentiles));
        files.put("stage_" + stage.getKey() + "_session_lifecycle_metrics", report);
      }
    }
    if (config.perSession()) files.put("per_session_lifecycle_metrics", perSession(data));
    return files;
  }

  /** How many sessions' substitutions are listed in total_recorded_substitutions.messages (as error messages). */
  private static final int MAX_SUBSTITUTION_MESSAGES = 100;

  static ObjectNode summary(List<SessionRecord> sessions, List<Double> percentiles) {
    ObjectNode node = JsonFormat.object();
    node.put("num_sessions", sessions.size());
    node.put("num_sessions_succeeded", sessions.stream().filter(SessionRecord::success).count());
    node.put("num_sessions_failed", sessions.stream().filter(s -> !s.success()).count());
    node.put("total_events", sessions.stream().mapToLong(SessionRecord::numEvents).sum());
    node.put("total_events_completed", sessions.stream().mapToLong(SessionRecord::eventsCompleted).sum());
    node.put("total_events_cancelled", sessions.stream().mapToLong(SessionRecord::eventsCancelled).sum());
    List<SessionRecord> substituted = sessions.stream()
        .filter(s -> !s.recordedSubstitutionEventIds().isEmpty()).toList();
    node.put("sessions_with_recorded_substitution", substituted.size());
    ObjectNode substitutions = node.putObject("total_recorded_substitutions");
    substitutions.put("count", substituted.stream().mapToLong(s -> s.recordedSubstitutionEventIds().size()).sum());
    ArrayNode messages = substitutions.putArray("messages");
    for (SessionRecord s : substituted.subList(0, Math.min(substituted.size(), MAX_SUBSTITUTION_MESSAGES))) {
      ObjectNode message = messages.addObject();
      message.put("message", "substitutions=" + s.recordedSubstitutionEventIds().size() + " event_ids="
          + pythonList(s.recordedSubstitutionEventIds()));
      message.putArray("session_ids").add(s.sessionId());
    }
    node.put("sessions_per_second", sessionsPerSecond(sessions));
    node.set("session_duration_sec", distribution(sessions, s -> (s.endNanos() - s.startNanos()) / 1e9, percentiles));
    node.set("num_events", distribution(sessions, SessionRecord::numEvents, percentiles));
    node.set("num_events_cancelled", distribution(sessions, SessionRecord::eventsCancelled, percentiles));
    node.set("total_input_tokens", distribution(sessions, SessionRecord::inputTokens, percentiles));
    node.set("total_output_tokens", distribution(sessions, SessionRecord::outputTokens, percentiles));
    List<SessionRecord> cached = sessions.stream().filter(s -> s.cachedTokens() >= 0).toList();
    node.set("total_cached_tokens", distribution(cached, SessionRecord::cachedTokens, percentiles));
    node.set("total_cacheable_input_tokens", distribution(cached, SessionRecord::cacheableInputTokens, percentiles));
    node.put("sessions_with_cache_info", cached.size());
    long cachedSum = cached.stream().mapToLong(SessionRecord::cachedTokens).sum();
    long cacheableSum = cached.stream().mapToLong(SessionRecord::cacheableInputTokens).sum();
    if (cacheableSum > 0) {
      node.put("kv_cache_hit_percent", 100.0 * cachedSum / cacheableSum);
    } else {
      node.putNull("kv_cache_hit_percent");
    }
    List<SessionRecord> withPrompt = cached.stream().filter(s -> s.cacheableInputTokens() > 0).toList();
    node.set("kv_cache_hit_per_session_percent", distribution(withPrompt,
        s -> 100.0 * s.cachedTokens() / s.cacheableInputTokens(), percentiles));
    return node;
  }

  /** A list of ids as Python prints one ({@code ['a', 'b']}), the form of inference-perf's message. */
  private static String pythonList(List<String> ids) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      out.append(i == 0 ? "'" : ", '").append(ids.get(i)).append('\'');
    }
    return out.append(']').toString();
  }

  /** Sessions over the span from the first start to the last end; 0 when that span is empty. */
  private static double sessionsPerSecond(List<SessionRecord> sessions) {
    long first = sessions.stream().mapToLong(SessionRecord::startNanos).min().orElse(0);
    long last = sessions.stream().mapToLong(SessionRecord::endNanos).max().orElse(0);
    return last > first ? sessions.size() / ((last - first) / 1e9) : 0.0;
  }

  private static JsonNode distribution(List<SessionRecord> sessions, ToDoubleFunction<SessionRecord> value,
      List<Double> percentiles) {
    if (sessions.isEmpty()) return NullNode.getInstance();
    double[] values = sessions.stream().mapToDouble(value).sorted().toArray();
    double sum = 0;
    for (double v : values) sum += v;
    ObjectNode node = JsonFormat.object();
    node.put("mean", sum / values.length);
    node.put("min", values[0]);
    node.put("max", values[values.length - 1]);
    for (double p : percentiles) node.put(Percentiles.key(p), Percentiles.linear(values, values.length, p));
    return node;
  }

  /** stage_metadata: a failed stage that ran its whole timeout is TIMED_OUT, as inference-perf says. */
  private static ObjectNode metadata(Stage stage) {
    ObjectNode node = JsonFormat.object();
    double duration = (stage.endNanos() - stage.startNanos()) / 1e9;
    SessionStagePlan plan = stage.plan();
    double timeout = plan == null ? 0 : plan.timeoutNanos() / 1e9;
    String status = stage.status() == Status.COMPLETED ? "COMPLETED"
        : stage.status() == Status.FAILED && timeout > 0 && duration >= timeout ? "TIMED_OUT" : "FAILED";
    node.put("stage_id", stage.stageId());
    node.put("status", status);
    if (timeout > 0) node.put("timeout_configured", timeout);
    else node.putNull("timeout_configured");
    node.put("actual_duration", duration);
    if (plan == null) {
      node.putNull("concurrent_sessions");
      node.putNull("session_rate");
      return node;
    }
    node.put("concurrent_sessions", plan.concurrentSessions());
    if (plan.sessionRate() > 0) node.put("session_rate", plan.sessionRate());
    else node.putNull("session_rate");
    return node;
  }

  private static ArrayNode perSession(Data data) {
    ArrayNode list = JsonFormat.MAPPER.createArrayNode();
    for (SessionRecord s : data.sessions()) {
      ObjectNode node = list.addObject();
      node.put("session_id", s.sessionId());
      node.put("stage_id", s.stageId());
      node.put("file_path", s.source());
      node.put("start_time", (s.startNanos() - data.originNanos()) / 1e9);
      node.put("end_time", (s.endNanos() - data.originNanos()) / 1e9);
      node.put("duration_sec", (s.endNanos() - s.startNanos()) / 1e9);
      node.put("num_events", s.numEvents());
      node.put("num_events_completed", s.eventsCompleted());
      node.put("num_events_cancelled", s.eventsCancelled());
      if (s.recordedSubstitutionEventIds().isEmpty()) {
        node.putNull("n_recorded_substitutions");
        node.putNull("recorded_substitution_event_ids");
      } else {
        node.put("n_recorded_substitutions", s.recordedSubstitutionEventIds().size());
        ArrayNode ids = node.putArray("recorded_substitution_event_ids");
        s.recordedSubstitutionEventIds().forEach(ids::add);
      }
      node.put("success", s.success());
      if (s.error() == null) {
        node.putNull("error");
      } else {
        ObjectNode error = node.putObject("error");
        error.put("error_type", FailureLabeler.errorType(s.error()));
        error.put("error_msg", s.error().message());
      }
      node.put("total_input_tokens", s.inputTokens());
      node.put("total_output_tokens", s.outputTokens());
      if (s.cachedTokens() >= 0) {
        node.put("total_cached_tokens", s.cachedTokens());
        node.put("total_cacheable_input_tokens", s.cacheableInputTokens());
      } else {
        node.putNull("total_cached_tokens");
        node.putNull("total_cacheable_input_tokens");
      }
    }
    return list;
  }
}
