package io.inferenceperf.report;

import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RecordGenerator;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.metrics.StageInfo;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seeded three-stage run behind the golden files: a healthy 5 req/s stage, a 10 req/s stage where the client
 * falls behind (every 4th request 40 ms late) and that was interrupted, and a concurrent stage.
 */
final class GoldenRun {

  static final long SEED = 11L;
  static final AggregationSettings SETTINGS =
      new AggregationSettings(
          ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES,
          false,
          100,
          Map.of("ttft", 0.06, "request_latency", 0.5),
          AggregationSettings.DEFAULT_EXACT_VALUES_CAP);
  static final MeasurementSetup SETUP = new MeasurementSetup("hf:test/tokenizer", true);

  private GoldenRun() {}

  /** Every record of the run, stage by stage. */
  static List<List<RequestRecord>> stages() {
    RecordGenerator generator = new RecordGenerator(SEED);
    long origin = RecordGenerator.ORIGIN_NANOS;
    List<List<RequestRecord>> stages = new ArrayList<>();
    stages.add(generator.stage(0, 40, 5.0, origin + 1_000_000_000L, 0, 0.05));
    stages.add(generator.stage(1, 60, 10.0, origin + 12_000_000_000L, 40_000_000L, 0.15));
    stages.add(generator.stage(2, 30, 30.0, origin + 20_000_000_000L, 0, 0.0));
    return stages;
  }

  static RunResult result() {
    RunAggregator aggregator = new RunAggregator(SETTINGS, SETUP);
    List<List<RequestRecord>> stages = stages();
    StageInfo[] infos = {StageInfo.rate(5.0, stages.get(0).size()), StageInfo.rate(10.0, stages.get(1).size() + 3),
        StageInfo.concurrent(30, 4)};
    Status[] statuses = {Status.COMPLETED, Status.INTERRUPTED, Status.COMPLETED};
    for (int stage = 0; stage < stages.size(); stage++) {
      aggregator.stageStarted(stage, infos[stage]);
      stages.get(stage).forEach(aggregator::add);
      aggregator.stageEnded(stage, statuses[stage]);
    }
    return aggregator.finish(Status.INTERRUPTED);
  }
}
