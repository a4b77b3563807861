package io.inferenceperf.data;

import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.WekaReplayConfig;
import io.inferenceperf.data.replay.ReplayFormatException;
import io.inferenceperf.data.replay.ReplayOptions;
import io.inferenceperf.data.replay.WekaTraceCorpus;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * data.type weka_trace_replay: opens the traces of data.weka_trace_replay ({@link WekaTraceCorpus}) with the words
 * of the corpus (data.corpus_file_path or the built-in one) and hands them over as recorded sessions.
 */
final class WekaReplayData {
  private static final Logger LOG = LoggerFactory.getLogger(WekaReplayData.class);

  private WekaReplayData() {}

  static DataGeneratorResult create(DataConfig data, Tokenizer tokenizer, long seed) {
    WekaReplayConfig weka = data.wekaTraceReplay();
    List<String> problems = new ArrayList<>();
    if (weka == null) {
      problems.add("data.weka_trace_replay is required for data.type weka_trace_replay (e.g. {trace_directory:"
          + " traces/})");
    } else if (weka.hfDatasetPath() != null) {
      problems.add("data.weka_trace_replay.hf_dataset_path " + weka.hfDatasetPath() + " was not downloaded; give"
          + " trace_files or trace_directory");
    }
    String corpus = DataGenerators.corpus(data, problems);
    DataGenerators.requireVocabulary(tokenizer, DataType.WEKA_TRACE_REPLAY, problems);
    if (!problems.isEmpty()) return new DataGeneratorResult.Invalid(problems);
    List<String> skipped = new ArrayList<>();
    WekaTraceCorpus traces;
    try {
      traces = WekaTraceCorpus.open(weka, tokenizer, CorpusWordIds.of(tokenizer, corpus), seed, skipped::add);
    } catch (ReplayFormatException e) {
      return new DataGeneratorResult.Invalid(List.of(e.getMessage()));
    }
    skipped.forEach(s -> LOG.warn("data.weka_trace_replay: skipped (skip_invalid_files): {}", s));
    String description = "weka_trace_replay: " + traces.size() + " sessions from " + traces.traceCount()
        + " traces in " + (weka.traceDirectory() != null ? weka.traceDirectory() : String.join(", ",
        weka.traceFiles()));
    long timeoutNanos = Math.round(weka.predecessorWaitTimeoutSeconds() * 1e9);
    return new DataGeneratorResult.Replay(traces, new ReplayOptions(false, timeoutNanos, description));
  }
}
