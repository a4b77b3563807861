package io.inferenceperf.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.StageSummary;
import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every report file of a run, rendered from its {@link ReportInputs}: one {@link StageReport} per stage that has
 * records, the run summary when {@code report.request_lifecycle.summary} is on, and the server-metrics reports that
 * {@code report.prometheus} asks for.
 *
 * @param summary the {@code summary_lifecycle_metrics} tree, or null when off or the run has no record
 * @param stages stage reports in stage order (always built: the console tables need them)
 * @param writeStageFiles whether {@code report.request_lifecycle.per_stage} asks for the stage files
 * @param serverMetricFiles the server-metrics reports by file name (without prefix)
 * @param adapterFiles the per-adapter lifecycle reports (LoRA) by file name, without prefix or extension
 */
public record ReportSet(
    ObjectNode summary,
    List<StageReport> stages,
    Status status,
    boolean writeStageFiles,
    Map<String, Map<String, Object>> serverMetricFiles,
    Map<String, ObjectNode> adapterFiles) {

  public static final String SUMMARY_FILE = "summary_lifecycle_metrics";

  public ReportSet {
    stages = List.copyOf(stages);
    serverMetricFiles = new LinkedHashMap<>(serverMetricFiles);
    adapterFiles = new LinkedHashMap<>(adapterFiles);
  }

  /** A report set without per-adapter reports. */
  public ReportSet(ObjectNode summary, List<StageReport> stages, Status status, boolean writeStageFiles,
      Map<String, Map<String, Object>> serverMetricFiles) {
    this(summary, stages, status, writeStageFiles, serverMetricFiles, Map.of());
  }

  /** Builds with the default report settings. */
  public static ReportSet build(ReportInputs inputs) {
    return build(inputs, ReportConfig.defaults());
  }

  public static ReportSet build(ReportInputs inputs, ReportConfig report) {
    ReportConfig.RequestLifecycle lifecycle = report.requestLifecycle() == null
        ? ReportConfig.RequestLifecycle.defaults() : report.requestLifecycle();
    ReportContext context = ReportContext.of(inputs.run());
    List<StageReport> stages = new ArrayList<>();
    for (StageSummary stage : inputs.run().stages()) {
      ObjectNode json = LifecycleReportBuilder.stage(stage, context);
      addResources(json, inputs.stageResources().get(stage.stageId()));
      BreakerReport.addToStage(json, stage.stageId(), inputs.breakerTrips());
      stages.add(new StageReport(stage, json, TableFigures.of(stage.summary())));
    }
    ObjectNode summary = null;
    if (lifecycle.summary() && inputs.run().total() != null) {
      summary = LifecycleReportBuilder.summary(inputs.run().total(), inputs.run().status(), context);
      addResources(summary, inputs.runResources());
      addLoadGenerators(summary, inputs.loadGenerators());
      BreakerReport.addToSummary(summary, inputs.breakerTrips());
      if (inputs.placement() != null) {
        summary.set("placement", JsonFormat.MAPPER.valueToTree(inputs.placement().toMap()));
      }
    }
    return new ReportSet(summary, stages, inputs.run().status(), lifecycle.perStage(),
        inputs.serverMetrics().files(report.prometheus()), adapterFiles(inputs, lifecycle, context));
  }

  /**
   * inference-perf's per-adapter reports: {@code adapter_<name>_lifecycle_metrics} (per_adapter) and
   * {@code adapter_<name>_stage_<N>_lifecycle_metrics} (per_adapter_stage), for adapters that have requests.
   */
  private static Map<String, ObjectNode> adapterFiles(ReportInputs inputs, ReportConfig.RequestLifecycle lifecycle,
      ReportContext context) {
    Map<String, ObjectNode> files = new LinkedHashMap<>();
    for (Map.Entry<String, io.inferenceperf.metrics.RunSummary> adapter : inputs.adapters().entrySet()) {
      io.inferenceperf.metrics.RunSummary run = adapter.getValue();
      if (lifecycle.perAdapter() && run.total() != null) {
        files.put("adapter_" + adapter.getKey() + "_lifecycle_metrics",
            LifecycleReportBuilder.summary(run.total(), run.status(), context));
      }
      if (lifecycle.perAdapterStage()) {
        for (StageSummary stage : run.stages()) {
          files.put("adapter_" + adapter.getKey() + "_stage_" + stage.stageId() + "_lifecycle_metrics",
              LifecycleReportBuilder.stage(stage, context));
        }
      }
    }
    return files;
  }

  /**
   * A merge of several load generators' results: {@code load_generators} (each one's status, requests, pace and
   * first-stage start offset) and {@code start_skew_seconds} (latest minus earliest start).
   */
  private static void addLoadGenerators(ObjectNode report, List<Map<String, Object>> loadGenerators) {
    if (loadGenerators.isEmpty()) return;
    report.set("load_generators", JsonFormat.MAPPER.valueToTree(loadGenerators));
    double skew = loadGenerators.stream().map(g -> g.get("start_offset_seconds")).filter(Double.class::isInstance)
        .mapToDouble(Double.class::cast).max().orElse(0);
    report.put("start_skew_seconds", skew);
  }

  /** {@code client_resources}: the whole process for the summary, the stage's own window for a stage. */
  private static void addResources(ObjectNode report, ClientResources.Usage usage) {
    if (usage != null) {
      report.set("client_resources", JsonFormat.MAPPER.valueToTree(usage.toReportMap()));
    }
  }
}
