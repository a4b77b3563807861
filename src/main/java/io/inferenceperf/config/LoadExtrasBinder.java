package io.inferenceperf.config;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadConfig.LoraAdapter;
import io.inferenceperf.config.Node.MapNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds load.trace and load.lora_traffic_split, checking them against the load type and each other. */
final class LoadExtrasBinder {

  /** How far the splits' sum may be from 1 (inference-perf compares exactly; decimal splits like 0.1 + 0.2 need room). */
  static final double SPLIT_SUM_TOLERANCE = 1e-9;

  private LoadExtrasBinder() {}

  /** load.trace.file: required by trace_replay, ignored (with a note) by the other types. */
  static String traceFile(TreeView load, LoadType type, Findings findings) {
    TreeView trace = load.section("trace");
    if (trace == null) {
      if (type == LoadType.TRACE_REPLAY && load.valid("trace")) {
        findings.problem(load.problem("trace", "required with load.type trace_replay: the arrival times, e.g."
            + " --load.trace '{\"file\": \"trace.csv\", \"format\": \"AzurePublicDataset\"}'"));
      }
      return null;
    }
    String file = trace.string("file");
    if (file != null && file.isBlank()) {
      findings.problem(trace.problem("file", "must not be empty: name the trace CSV"));
      return null;
    }
    if (type != null && type != LoadType.TRACE_REPLAY) {
      findings.note(load.problem("trace", "ignored: only load.type trace_replay takes its arrival times from a"
          + " trace (load.type is " + type.yamlName + ")"));
      return null;
    }
    return file;
  }

  /** load.session_turns only matters to trace_session_replay: a note otherwise. */
  static void noteUnusedSessionTurns(TreeView load, LoadType type, Findings findings) {
    if (type != null && type != LoadType.TRACE_SESSION_REPLAY && load.givenByUser("session_turns")) {
      findings.note(load.problem("session_turns", "ignored: only load.type trace_session_replay replays sessions"
          + " (load.type is " + type.yamlName + ")"));
    }
  }

  /** load.lora_traffic_split: distinct names, splits summing to 1. */
  static List<LoraAdapter> loraTrafficSplit(TreeView load, Findings findings) {
    List<Node> items = load.list("lora_traffic_split");
    if (items == null) return List.of();
    String path = load.pathOf("lora_traffic_split");
    if (items.isEmpty()) return List.of();
    List<LoraAdapter> adapters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    double sum = 0;
    boolean entryProblem = false;
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof MapNode item)) continue; // rejected by validation already
      TreeView entry = new TreeView(item, path + "[" + i + "]");
      String name = entry.string("name");
      Double split = entry.number("split");
      if (name == null || split == null) { // missing or invalid: already a problem
        entryProblem = true;
        continue;
      }
      if (name.isBlank()) {
        entryProblem = true;
        findings.problem(entry.problem("name", "must not be empty: give the adapter's name as /v1/models lists it"));
        continue;
      }
      if (!names.add(name)) {
        entryProblem = true;
        findings.problem(entry.problem("name", "adapter '" + name + "' is listed twice; list each adapter once"));
        continue;
      }
      sum += split;
      adapters.add(new LoraAdapter(name, split));
    }
    if (!entryProblem && !adapters.isEmpty() && Math.abs(sum - 1.0) > SPLIT_SUM_TOLERANCE) {
      findings.problem(load.problem("lora_traffic_split", String.format(Locale.ROOT,
          "the splits add up to %s; they must add up to 1 (e.g. 0.5 and 0.5)", trim(sum))));
    }
    return List.copyOf(adapters);
  }

  private static String trim(double value) {
    String text = String.format(Locale.ROOT, "%.6f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
