package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code data.otel_trace_replay} section: which OTel traces to replay and how (see docs/data.md). Exactly one
 * of traceDirectory, traceFiles and hfDataset is set.
 *
 * @param traceDirectory every *.json file of this folder (not its sub-folders), or null
 * @param traceFiles files or glob patterns (* ? ** [..]), or null
 * @param hfDataset a Hugging Face dataset of trace rows, or null
 * @param filter a {@code lambda x: ...} record filter ({@link io.inferenceperf.common.RecordFilter}), or null
 * @param duplicateSessionsTarget pad the corpus with copies up to this many sessions, or null
 * @param attributeToHeaderMap span attribute to request header
 * @param attributeToLabelMap span attribute to per-request report label
 * @param useStaticModel validated as inference-perf does, and not used (the wire model is the client's)
 * @param staticModelName validated as inference-perf does, and not used
 * @param modelMapping validated as inference-perf does, and not used
 * @param defaultMaxTokens validated as inference-perf does, and not used (max_tokens is the recorded output length)
 * @param predecessorWaitTimeoutSec how long a call may wait for its predecessors (0: no limit)
 * @param overrideToolCallMaxTokens a call that recorded a tool call asks for max(4 x its tokens, 4096)
 * @param badToolCallUseRecorded bad_tool_call_handling is use_recorded (else none)
 */
public record OtelTraceReplayConfig(
    String traceDirectory,
    List<String> traceFiles,
    HubDataset hfDataset,
    String filter,
    boolean includeErrors,
    boolean skipInvalidFiles,
    long maxWaitMs,
    boolean injectRandomSessionId,
    Integer duplicateSessionsTarget,
    boolean disableOutputSubstitution,
    Map<String, String> attributeToHeaderMap,
    Map<String, String> attributeToLabelMap,
    boolean useStaticModel,
    String staticModelName,
    Map<String, String> modelMapping,
    int defaultMaxTokens,
    double predecessorWaitTimeoutSec,
    boolean overrideToolCallMaxTokens,
    boolean badToolCallUseRecorded) {

  /** With bad_tool_call_handling none. */
  public OtelTraceReplayConfig(String traceDirectory, List<String> traceFiles, HubDataset hfDataset, String filter,
      boolean includeErrors, boolean skipInvalidFiles, long maxWaitMs, boolean injectRandomSessionId,
      Integer duplicateSessionsTarget, boolean disableOutputSubstitution, Map<String, String> attributeToHeaderMap,
      Map<String, String> attributeToLabelMap, boolean useStaticModel, String staticModelName,
      Map<String, String> modelMapping, int defaultMaxTokens, double predecessorWaitTimeoutSec,
      boolean overrideToolCallMaxTokens) {
    this(traceDirectory, traceFiles, hfDataset, filter, includeErrors, skipInvalidFiles, maxWaitMs,
        injectRandomSessionId, duplicateSessionsTarget, disableOutputSubstitution, attributeToHeaderMap,
        attributeToLabelMap, useStaticModel, staticModelName, modelMapping, defaultMaxTokens,
        predecessorWaitTimeoutSec, overrideToolCallMaxTokens, false);
  }

  public OtelTraceReplayConfig {
    traceFiles = traceFiles == null ? null : List.copyOf(traceFiles);
    // in the config's order: headers are sent and labels written in it, as inference-perf does
    attributeToHeaderMap = ordered(attributeToHeaderMap);
    attributeToLabelMap = ordered(attributeToLabelMap);
    modelMapping = modelMapping == null ? Map.of() : Map.copyOf(modelMapping);
  }

  /**
   * hf_dataset_path: a dataset id, or a mapping with path and optional name (the config), split and revision.
   *
   * @param config the dataset config ("default" when not named)
   */
  public record HubDataset(String path, String config, String split, String revision) {}

  private static Map<String, String> ordered(Map<String, String> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }
}
