package io.inferenceperf.data.replay;

import io.inferenceperf.config.OtelTraceReplayConfig;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Configs for the reader's tests: inference-perf's defaults with one source. */
final class OtelReplayTesting {
  static final long SEED = 42;

  private OtelReplayTesting() {}

  static OtelTraceReplayConfig files(String... patterns) {
    return new OtelTraceReplayConfig(null, List.of(patterns), null, null, true, false, 15_000, false, null, false,
        Map.of(), Map.of(), false, "", Map.of(), 1000, 3600, true);
  }

  static OtelTraceReplayConfig directory(String dir) {
    return new OtelTraceReplayConfig(dir, null, null, null, true, false, 15_000, false, null, false, Map.of(),
        Map.of(), false, "", Map.of(), 1000, 3600, true);
  }

  static OtelTraceCorpus corpus(OtelTraceReplayConfig config) {
    return OtelTraceCorpus.load(config, SEED, null);
  }

  /** {@code config} with some fields changed. */
  static OtelTraceReplayConfig with(OtelTraceReplayConfig c, UnaryOperator<Builder> change) {
    return change.apply(new Builder(c)).build();
  }

  /** A mutable copy of a config, for tests. */
  static final class Builder {
    String filter;
    boolean includeErrors;
    boolean skipInvalid;
    long maxWaitMs;
    boolean inject;
    Integer duplicates;
    boolean disableSubstitution;
    Map<String, String> headers;
    Map<String, String> labels;
    boolean overrideToolCalls;
    private final OtelTraceReplayConfig base;

    Builder(OtelTraceReplayConfig c) {
      base = c;
      filter = c.filter();
      includeErrors = c.includeErrors();
      skipInvalid = c.skipInvalidFiles();
      maxWaitMs = c.maxWaitMs();
      inject = c.injectRandomSessionId();
      duplicates = c.duplicateSessionsTarget();
      disableSubstitution = c.disableOutputSubstitution();
      headers = c.attributeToHeaderMap();
      labels = c.attributeToLabelMap();
      overrideToolCalls = c.overrideToolCallMaxTokens();
    }

    Builder filter(String f) { filter = f; return this; }
    Builder includeErrors(boolean b) { includeErrors = b; return this; }
    Builder skipInvalid(boolean b) { skipInvalid = b; return this; }
    Builder maxWaitMs(long ms) { maxWaitMs = ms; return this; }
    Builder inject(boolean b) { inject = b; return this; }
    Builder duplicates(Integer n) { duplicates = n; return this; }
    Builder disableSubstitution(boolean b) { disableSubstitution = b; return this; }
    Builder headers(Map<String, String> m) { headers = m; return this; }
    Builder labels(Map<String, String> m) { labels = m; return this; }
    Builder overrideToolCalls(boolean b) { overrideToolCalls = b; return this; }

    OtelTraceReplayConfig build() {
      return new OtelTraceReplayConfig(base.traceDirectory(), base.traceFiles(), base.hfDataset(), filter,
          includeErrors, skipInvalid, maxWaitMs, inject, duplicates, disableSubstitution, headers, labels,
          base.useStaticModel(), base.staticModelName(), base.modelMapping(), base.defaultMaxTokens(),
          base.predecessorWaitTimeoutSec(), overrideToolCalls);
    }
  }
}
