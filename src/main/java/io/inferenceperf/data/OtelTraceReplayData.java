package io.inferenceperf.data;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.OtelTraceReplayConfig;
import io.inferenceperf.config.OtelTraceReplayConfig.HubDataset;
import io.inferenceperf.data.replay.OtelTraceCorpus;
import io.inferenceperf.data.replay.ReplayFormatException;
import io.inferenceperf.data.replay.ReplayOptions;
import io.inferenceperf.tokenizer.HubDatasetRows;
import io.inferenceperf.tokenizer.TokenizerLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * data.type otel_trace_replay: the traces of data.otel_trace_replay as a {@link OtelTraceCorpus}, their rows
 * fetched first when they come from the Hugging Face Hub (through the dataset viewer, as cnn_dailymail's).
 */
final class OtelTraceReplayData {
  private static final Logger LOG = LoggerFactory.getLogger(OtelTraceReplayData.class);
  /** The most rows of a Hub split read (inference-perf loads the whole split). */
  static final int MAX_HUB_ROWS = 100_000;

  private OtelTraceReplayData() {}

  static DataGeneratorResult create(Config config, Map<String, String> env) {
    OtelTraceReplayConfig otel = config.data().otelTraceReplay();
    if (otel == null) {
      return invalid("data.otel_trace_replay is required for data.type otel_trace_replay (e.g. {trace_directory:"
          + " traces/})");
    }
    try {
      Path rows = otel.hfDataset() == null ? null : hubRows(otel.hfDataset(), config, env);
      OtelTraceCorpus corpus = OtelTraceCorpus.load(otel, config.load().baseSeed(), rows);
      long timeoutNanos = Math.round(otel.predecessorWaitTimeoutSec() * 1e9);
      String from = otel.traceDirectory() != null ? otel.traceDirectory() : otel.traceFiles() != null
          ? String.join(", ", otel.traceFiles()) : "hf_dataset_path " + otel.hfDataset().path();
      ReplayOptions options = new ReplayOptions(!otel.disableOutputSubstitution(), timeoutNanos,
          "otel_trace_replay: " + corpus.size() + " sessions from " + from, otel.overrideToolCallMaxTokens(),
          otel.badToolCallUseRecorded());
      LOG.info("{}", options.description());
      return new DataGeneratorResult.Replay(corpus, options);
    } catch (ReplayFormatException e) {
      return invalid(e.getMessage());
    } catch (TokenizerLoadException e) {
      return invalid("data.otel_trace_replay.hf_dataset_path: " + e.getMessage().replace("set data.path to a local"
          + " copy", "copy the traces to local files and use trace_files"));
    }
  }

  private static Path hubRows(HubDataset dataset, Config config, Map<String, String> env) {
    HubDatasetRows rows = HubDatasetRows.from(env, Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    HubDatasetRows.Split split = new HubDatasetRows.Split(dataset.path(), dataset.config(), dataset.split(),
        List.of(), List.of("spans"));
    LOG.info("data.otel_trace_replay.hf_dataset_path: the rows of {} (config {}, split {}) from {} (cache {})",
        dataset.path(), dataset.config(), dataset.split(), rows.server(), rows.cacheFile(split, MAX_HUB_ROWS));
    HubDatasetRows.Fetched fetched = rows.fetch(split, MAX_HUB_ROWS);
    LOG.info("data.otel_trace_replay.hf_dataset_path: {} rows {} {}{}", fetched.rows(), fetched.fromCache()
        ? "from the cache" : "downloaded to", fetched.file(), fetched.skippedRows() == 0 ? ""
        : " (" + fetched.skippedRows() + " rows skipped: no spans, or spans too long for the dataset viewer)");
    return fetched.file();
  }

  private static DataGeneratorResult invalid(String problem) {
    return new DataGeneratorResult.Invalid(List.of(problem));
  }
}
