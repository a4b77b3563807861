package io.inferenceperf.cli;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.Config;
import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.report.ReportFiles;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.tokenizer.Tokenizer;
import java.nio.file.Path;

/**
 * Everything a run was resolved to before its first request: what {@link RunPreparation} decided and
 * {@link RunExecution} and {@link ReportStep} act on.
 *
 * @param configYaml the resolved configuration, secrets redacted, as written to config.yaml and the results
 * @param plan the stages, with the interval stretched for per-stage server metrics when needed
 * @param baseUrl the server's URL (the embedded simulator's when server.type is simulator)
 * @param model the model name requests carry
 * @param tokenizer the tokenizer of prompts (exact or approximate)
 * @param countingTokenizer counts output tokens per chunk, or null when only an approximation exists
 * @param requests builds each request (or each multi-turn session's turn)
 * @param sessions the multi-turn sessions, or null for single-turn data
 * @param aggregation the effective aggregation settings
 * @param folder the report folder, created, with config.yaml in it
 * @param storage the object storage the run's files also go to (checked; does nothing when none is configured)
 */
record ResolvedRun(
    Config config,
    String configYaml,
    RunPlan plan,
    String baseUrl,
    String model,
    Tokenizer tokenizer,
    Tokenizer countingTokenizer,
    DataGenerator data,
    RequestBuilder builder,
    RequestFactory requests,
    SessionRequests sessions,
    AggregationSettings aggregation,
    MeasurementSetup measurement,
    Path folder,
    ReportFiles files,
    StorageStep storage) {

  boolean perRequest() {
    return config.report().requestLifecycle().perRequest();
  }
}
