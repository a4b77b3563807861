package io.inferenceperf.results;

import io.inferenceperf.config.LoadConfig.LoraAdapter;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.record.Placement;
import io.inferenceperf.record.StartAgreement;
import java.util.List;

/**
 * The first line of a results file: what wrote it, when its clock started, and the settings its reports depend on.
 *
 * @param version the format version ({@link ResultsFormat#VERSION} when written by this build)
 * @param tool the writing tool and its version
 * @param originEpochNanos wall-clock time (ns since the epoch) of the run's time origin: every time in the file is in
 *     nanoseconds since that origin, on the writer's monotonic clock; merging aligns files by this
 * @param configYaml the run's resolved configuration, secrets redacted (the run's config.yaml)
 * @param report the effective report settings (what the report files contain)
 * @param reportFilePrefix the prefix of every report file name (storage.local_storage.report_file_prefix), or ""
 * @param measurement how tokens were counted
 * @param aggregation the effective aggregation settings (percentiles, normalisation, goodput constraints, caps)
 * @param baseSeed the run's seed (load.base_seed, or the one chosen from the clock)
 * @param replicas how many load generators shared the run (load.distributed.replicas; 1 alone)
 * @param replicaIndex which of them wrote this file (0 alone)
 * @param placement where the run ran (Kubernetes pod, node, zones), or null when not recorded (older files)
 * @param start how a load generator of a distributed run knew its start and its clock offset, or null (not
 *     distributed, started when ready, or older files)
 * @param loraAdapters load.lora_traffic_split's adapters (the models requests were spread over), empty for none;
 *     the per-adapter reports are built for these
 */
public record ResultsHeader(
    int version,
    String tool,
    long originEpochNanos,
    String configYaml,
    ReportConfig report,
    String reportFilePrefix,
    MeasurementSetup measurement,
    AggregationSettings aggregation,
    long baseSeed,
    int replicas,
    int replicaIndex,
    Placement placement,
    StartAgreement start,
    List<LoraAdapter> loraAdapters) {

  public ResultsHeader {
    reportFilePrefix = reportFilePrefix == null ? "" : reportFilePrefix;
    loraAdapters = loraAdapters == null ? List.of() : List.copyOf(loraAdapters);
  }

  /** A header without LoRA adapters. */
  public ResultsHeader(int version, String tool, long originEpochNanos, String configYaml, ReportConfig report,
      String reportFilePrefix, MeasurementSetup measurement, AggregationSettings aggregation, long baseSeed,
      int replicas, int replicaIndex, Placement placement, StartAgreement start) {
    this(version, tool, originEpochNanos, configYaml, report, reportFilePrefix, measurement, aggregation, baseSeed,
        replicas, replicaIndex, placement, start, List.of());
  }

  /** The header of a run by one load generator. */
  public ResultsHeader(int version, String tool, long originEpochNanos, String configYaml, ReportConfig report,
      String reportFilePrefix, MeasurementSetup measurement, AggregationSettings aggregation, long baseSeed) {
    this(version, tool, originEpochNanos, configYaml, report, reportFilePrefix, measurement, aggregation, baseSeed,
        1, 0, null, null, List.of());
  }

  /** A header with no start agreement recorded. */
  public ResultsHeader(int version, String tool, long originEpochNanos, String configYaml, ReportConfig report,
      String reportFilePrefix, MeasurementSetup measurement, AggregationSettings aggregation, long baseSeed,
      int replicas, int replicaIndex, Placement placement) {
    this(version, tool, originEpochNanos, configYaml, report, reportFilePrefix, measurement, aggregation, baseSeed,
        replicas, replicaIndex, placement, null, List.of());
  }

}
