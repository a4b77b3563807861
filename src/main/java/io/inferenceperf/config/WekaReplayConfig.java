package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code data.weka_trace_replay} section: Weka KV-cache-tester traces to replay as session graphs.
 *
 * @param traceDirectory a folder of .json/.jsonl traces, or null
 * @param traceFiles trace files, or null
 * @param hfDatasetPath a Hugging Face dataset repository whose traces.jsonl is read, or null
 * @param numDatasetEntries how many lines of a .jsonl file are read
 * @param defaultBlockSize tokens per hash block when a trace names none
 * @param idleGapCapSeconds the longest replayed idle time before a call; 0 or less: no cap
 * @param ignoreTraceDelays no idle time at all
 * @param useThinkTimeOnly idle time from the recorded think_time
 * @param defaultMaxTokens max_tokens of a request without an out count
 * @param injectRandomSessionId a random marker opens every session's prompts
 * @param duplicateSessionsTarget pad the sessions to this many with copies, or null
 * @param maxWaitMs the longest idle time before any call
 * @param predecessorWaitTimeoutSeconds how long a call waits for the calls before it; 0: no limit
 * @param skipInvalidFiles log and skip unreadable traces instead of stopping
 * @param modelMapping recorded model names to target names (no effect on requests), may be empty
 */
public record WekaReplayConfig(
    String traceDirectory,
    List<String> traceFiles,
    String hfDatasetPath,
    int numDatasetEntries,
    int defaultBlockSize,
    double idleGapCapSeconds,
    boolean ignoreTraceDelays,
    boolean useThinkTimeOnly,
    int defaultMaxTokens,
    boolean injectRandomSessionId,
    Integer duplicateSessionsTarget,
    int maxWaitMs,
    double predecessorWaitTimeoutSeconds,
    boolean skipInvalidFiles,
    Map<String, String> modelMapping) {

  /** The file name inference-perf downloads from hf_dataset_path. */
  public static final String HUB_TRACES_FILE = "traces.jsonl";

  public WekaReplayConfig {
    traceFiles = traceFiles == null ? null : List.copyOf(traceFiles);
    modelMapping = modelMapping == null ? Map.of() : Map.copyOf(modelMapping);
  }

  /** Settings with every key at its default, reading {@code traceFiles}. */
  public static WekaReplayConfig ofFiles(List<String> traceFiles) {
    return new WekaReplayConfig(null, traceFiles, null, 100, 64, 60.0, false, false, 1000, false, null, 15_000,
        3600.0, false, Map.of());
  }

  /** These settings reading {@code traceFiles} instead of their source (a downloaded hf_dataset_path). */
  public WekaReplayConfig withTraceFiles(List<String> files) {
    return new WekaReplayConfig(null, files, null, numDatasetEntries, defaultBlockSize, idleGapCapSeconds,
        ignoreTraceDelays, useThinkTimeOnly, defaultMaxTokens, injectRandomSessionId, duplicateSessionsTarget,
        maxWaitMs, predecessorWaitTimeoutSeconds, skipInvalidFiles, modelMapping);
  }

  /** Whether sessions get a random marker: asked for, or copies made (which must not share a cached prefix). */
  public boolean markSessions() {
    return injectRandomSessionId || duplicateSessionsTarget != null;
  }
}
