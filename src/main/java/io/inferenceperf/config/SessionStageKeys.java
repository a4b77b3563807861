package io.inferenceperf.config;

import io.inferenceperf.config.LoadConfig.LoadType;
import java.util.List;

/** The stage keys of load.type trace_session_replay, and the rules between them. */
final class SessionStageKeys {

  static final List<String> KEYS = List.of("concurrent_sessions", "session_rate", "num_sessions", "timeout");
  private static final List<String> OTHER_KEYS = List.of("rate", "duration", "num_requests", "concurrency_level");
  private static final String KIND = "trace_session_replay stages take concurrent_sessions and optionally"
      + " session_rate, num_sessions and timeout";

  private SessionStageKeys() {}

  static boolean anySet(TreeView stage) {
    return KEYS.stream().anyMatch(stage::isSet);
  }

  static void check(TreeView stage, LoadType type, Findings findings) {
    if (type != LoadType.TRACE_SESSION_REPLAY) {
      for (String key : KEYS) {
        if (stage.isSet(key)) {
          findings.problem(stage.problem(key, "only for load.type trace_session_replay (got load.type "
              + type.yamlName + ")"));
        }
      }
      return;
    }
    if (stage.valid("concurrent_sessions") && !stage.isSet("concurrent_sessions")) {
      findings.problem(stage.problem("concurrent_sessions", "missing required key for load.type"
          + " trace_session_replay (" + KIND + "); 0 means no limit"));
    }
    for (String key : OTHER_KEYS) {
      if (stage.isSet(key)) {
        findings.problem(stage.problem(key, "not allowed with load.type trace_session_replay (" + KIND + ")"));
      }
    }
    Integer concurrent = stage.integer("concurrent_sessions");
    Double rate = stage.number("session_rate");
    if (concurrent != null && concurrent > 0 && rate != null && rate > concurrent) {
      findings.problem(stage.problem("session_rate", "must not exceed concurrent_sessions (" + concurrent
          + ") when that is above 0, as inference-perf requires; lower session_rate or raise concurrent_sessions"));
    }
  }
}
