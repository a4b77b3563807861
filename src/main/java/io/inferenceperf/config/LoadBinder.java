package io.inferenceperf.config;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.Node.MapNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds {@link LoadConfig} from the validated {@code load} section, checking stages against the load type. */
final class LoadBinder {

  private static final List<String> RATE_KEYS = List.of("rate", "duration");
  private static final List<String> CONCURRENT_KEYS = List.of("num_requests", "concurrency_level");

  private LoadBinder() {}

  static LoadConfig bind(TreeView load, Findings findings) {
    LoadType type = load.valid("type") ? byYamlName(load.string("type")) : null;
    SweepConfig sweep = sweep(load, type, findings);
    List<LoadStage> stages = sweep != null && isEmptyOrAbsent(load.list("stages")) ? List.of()
        : stages(load, type, findings);
    if (sweep != null && !stages.isEmpty()) {
      findings.note(load.problem("stages", "replaced by the stages load.sweep chooses (as inference-perf does)"));
    }
    if (type == LoadType.TRACE_SESSION_REPLAY && load.section("distributed") != null
        && load.section("distributed").integerOrDefault("replicas") > 1) {
      findings.problem(load.problem("distributed", "not available with load.type trace_session_replay (its"
          + " sessions are dispatched by one load generator); use replicas: 1"));
    }
    LoadExtrasBinder.noteUnusedSessionTurns(load, type, findings);
    Integer workers = load.integer("num_workers");
    int numWorkers = workers != null ? workers : 1; // the computed default is filled in; 1 stands for a rejected value
    if (load.isSet("num_workers") && numWorkers == 0) {
      findings.note(load.problem("num_workers", "0 (inference-perf's single-process mode) runs as 1 worker"));
      numWorkers = 1;
    }
    return new LoadConfig(
        type != null ? type : byYamlName(load.stringOrDefault("type")),
        load.numberOrDefault("interval"),
        stages,
        numWorkers,
        load.integerOrDefault("worker_max_concurrency"),
        load.integerOrDefault("worker_max_tcp_connections"),
        load.number("request_timeout"),
        load.longValue("base_seed") != null ? load.longValue("base_seed") : 0L, // computed default, as num_workers
        load.numberOrDefault("connect_timeout"),
        load.numberOrDefault("header_timeout"),
        load.numberOrDefault("idle_stream_timeout"),
        load.numberOrDefault("stage_grace_period"),
        load.stringOrDefault("kernel_timestamps"),
        sweep,
        distributed(load.section("distributed"), findings),
        load.stringOrDefault("io_priority"),
        CircuitBreakerBinder.enabledNames(load),
        load.stringOrDefault("circuit_breaker_stops"),
        LoadExtrasBinder.traceFile(load, type, findings),
        LoadExtrasBinder.loraTrafficSplit(load, findings),
        load.integerOrDefault("session_turns"));
  }

  private static DistributedConfig distributed(TreeView section, Findings findings) {
    if (section == null) return DistributedConfig.NONE;
    int replicas = section.integerOrDefault("replicas");
    Integer index = section.integer("index");
    if (index != null && index >= replicas) {
      findings.problem(section.problem("index", "index " + index + " is not below replicas (" + replicas
          + "): indices run from 0 to " + (replicas - 1)));
    }
    Long startAt = null;
    String text = section.string("start_at");
    if (text != null) {
      startAt = StartInstant.parseEpochMillis(text);
      if (startAt == null) {
        findings.problem(section.problem("start_at", "'" + text + "' is not an instant: give seconds since the"
            + " epoch (e.g. $(date -d '+30 sec' +%s)) or an ISO-8601 instant such as 2026-12-06T10:00:00Z"));
      }
    }
    return new DistributedConfig(replicas, index, startAt, section.numberOrDefault("barrier_timeout"),
        section.numberOrDefault("barrier_lead"));
  }

  private static boolean isEmptyOrAbsent(List<Node> items) {
    return items == null || items.isEmpty();
  }

  private static SweepConfig sweep(TreeView load, LoadType type, Findings findings) {
    TreeView sweep = load.section("sweep");
    if (sweep == null) {
      return null;
    }
    if (type == LoadType.CONCURRENT || type == LoadType.TRACE_SESSION_REPLAY) {
      findings.problem(load.problem("sweep", "not allowed with load.type " + type.yamlName
          + "; use constant or poisson"));
    }
    if (type == LoadType.TRACE_REPLAY && "slo".equals(sweep.string("type"))) {
      findings.problem(load.problem("sweep", "type slo is not allowed with load.type trace_replay (its stages"
          + " follow the trace, not a rate); use linear or geometric, or load.type constant or poisson"));
    }
    return new SweepConfig(
        SweepConfig.SweepType.byName(sweep.string("type")),
        sweep.integerOrDefault("num_requests"),
        sweep.numberOrDefault("timeout"),
        sweep.integerOrDefault("num_stages"),
        sweep.numberOrDefault("stage_duration"),
        sweep.numberOrDefault("saturation_percentile"),
        new SweepConfig.SloSearchConfig(
            sweep.numberOrDefault("target_goodput"),
            sweep.numberOrDefault("start_rate"),
            sweep.numberOrDefault("search_stage_duration"),
            sweep.numberOrDefault("tolerance"),
            sweep.integerOrDefault("max_stages")));
  }

  private static List<LoadStage> stages(TreeView load, LoadType type, Findings findings) {
    List<Node> items = load.list("stages");
    if (items == null) {
      return List.of(); // rejected by validation already
    }
    if (items.isEmpty()) {
      String example = type == LoadType.CONCURRENT
          ? "[{\"num_requests\": 100, \"concurrency_level\": 8}]"
          : type == LoadType.TRACE_SESSION_REPLAY ? "[{\"concurrent_sessions\": 4, \"num_sessions\": 20}]"
          : "[{\"rate\": 10, \"duration\": 60}]";
      findings.problem(load.problem("stages", "at least one stage is required, e.g. --load.stages '" + example + "'"));
      return List.of();
    }
    List<LoadStage> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof MapNode item) {
        TreeView stage = new TreeView(item, load.pathOf("stages") + "[" + i + "]");
        if (type != null) {
          checkStageKeys(stage, type, findings);
        }
        checkStageSize(stage, findings);
        boolean filledIn = type == LoadType.CONCURRENT && filledInByInferencePerf(stage);
        out.add(new LoadStage(
            filledIn ? null : stage.number("rate"), filledIn ? null : stage.number("duration"),
            stage.integer("num_requests"), stage.integer("concurrency_level"), stage.integer("concurrent_sessions"),
            stage.number("session_rate"), stage.integer("num_sessions"), stage.number("timeout")));
      }
    }
    return List.copyOf(out);
  }

  private static void checkStageKeys(TreeView stage, LoadType type, Findings findings) {
    if (type == LoadType.TRACE_SESSION_REPLAY || SessionStageKeys.anySet(stage)) {
      SessionStageKeys.check(stage, type, findings);
      if (type == LoadType.TRACE_SESSION_REPLAY) return;
    }
    boolean concurrent = type == LoadType.CONCURRENT;
    List<String> required = concurrent ? CONCURRENT_KEYS : RATE_KEYS;
    List<String> forbidden = concurrent ? RATE_KEYS : CONCURRENT_KEYS;
    String stageKind = concurrent ? "concurrent stages take num_requests and concurrency_level"
        : type.yamlName + " stages take rate (requests/s) and duration (s)";
    for (String key : required) {
      if (stage.valid(key) && !stage.isSet(key) && !findings.suggested(stage.pathOf(key))) {
        findings.problem(stage.problem(key, "missing required key for load.type " + type.yamlName + " ("
            + stageKind + ")"));
      }
    }
    if (concurrent && filledInByInferencePerf(stage)) {
      return;
    }
    for (String key : forbidden) {
      if (stage.isSet(key)) {
        findings.problem(stage.problem(key, "not allowed with load.type " + type.yamlName + " (" + stageKind
            + ")"));
      }
    }
  }

  /**
   * A concurrent stage as inference-perf saves it in its config.yaml: before the run it sets rate to num_requests
   * and duration to 1 on every concurrent stage. Those two values are accepted (and ignored) so that its saved file
   * loads here; any other rate or duration on a concurrent stage is still a mistake.
   */
  private static boolean filledInByInferencePerf(TreeView stage) {
    Double rate = stage.number("rate");
    Double duration = stage.number("duration");
    Integer requests = stage.integer("num_requests");
    return rate != null && duration != null && requests != null && rate.doubleValue() == requests.doubleValue()
        && duration == 1.0;
  }

  /** The most requests one stage may plan: past it a typo (1e9 for 1e3), not a benchmark, is the likely cause. */
  static final long MAX_STAGE_REQUESTS = 100_000_000L;
  /** The longest stage: 30 days. */
  static final double MAX_STAGE_SECONDS = 30 * 24 * 3600.0;

  private static void checkStageSize(TreeView stage, Findings findings) {
    Double rate = stage.number("rate");
    Double duration = stage.number("duration");
    if (duration != null && duration > MAX_STAGE_SECONDS) {
      findings.problem(stage.problem("duration", String.format(java.util.Locale.ROOT,
          "%.0f s is over the limit of %.0f s (30 days) for one stage; use a shorter duration", duration,
          MAX_STAGE_SECONDS)));
    } else if (rate != null && duration != null && rate * duration > MAX_STAGE_REQUESTS) {
      findings.problem(stage.problem("rate", String.format(java.util.Locale.ROOT,
          "rate x duration plans %.3g requests in one stage, over the limit of %d; lower rate or duration",
          rate * duration, MAX_STAGE_REQUESTS)));
    }
    Integer requests = stage.integer("num_requests");
    if (requests != null && requests > MAX_STAGE_REQUESTS) {
      findings.problem(stage.problem("num_requests", "over the limit of " + MAX_STAGE_REQUESTS
          + " requests in one stage; use fewer"));
    }
  }

  private static LoadType byYamlName(String name) {
    return Arrays.stream(LoadType.values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
  }
}
