package io.inferenceperf.servermetrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inferenceperf.config.ReportConfig.PrometheusReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's view of a run: one {@link WindowMetrics} for the whole run and one per stage. Empty when no
 * server metrics were configured ({@code metrics.type: default}).
 *
 * @param summary null when empty
 */
public record PrometheusReports(ReportShape.Context context, WindowMetrics summary, List<WindowMetrics> stages) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public PrometheusReports {
    stages = List.copyOf(stages);
  }

  public static PrometheusReports none() {
    return new PrometheusReports(null, null, List.of());
  }

  public boolean isEmpty() {
    return summary == null && stages.isEmpty();
  }

  public Optional<WindowMetrics> stage(int stageId) {
    return stages.stream().filter(s -> s.stageId() != null && s.stageId() == stageId).findFirst();
  }

  /** Every distinct error of the collection, for the log and the console. */
  public List<String> errors() {
    List<String> all = new ArrayList<>();
    if (summary != null) {
      all.addAll(summary.errors());
    }
    for (WindowMetrics stage : stages) {
      for (String e : stage.errors()) {
        if (!all.contains(e)) {
          all.add(e);
        }
      }
    }
    return all;
  }

  /**
   * The report files by name (without the configured prefix): {@code summary_prometheus_metrics.json} when {@code
   * report.prometheus.summary}, {@code stage_N_prometheus_metrics.json} when {@code report.prometheus.per_stage}.
   */
  public Map<String, Map<String, Object>> files(PrometheusReport wanted) {
    Map<String, Map<String, Object>> files = new LinkedHashMap<>();
    if (isEmpty()) {
      return files;
    }
    if (wanted.summary() && summary != null) {
      files.put("summary_prometheus_metrics.json", ReportShape.report(summary, context));
    }
    if (wanted.perStage()) {
      for (WindowMetrics stage : stages) {
        files.put("stage_" + stage.stageId() + "_prometheus_metrics.json", ReportShape.report(stage, context));
      }
    }
    return files;
  }

  /** Writes {@link #files} into {@code directory}, each name prefixed by {@code prefix} (may be empty). */
  public List<Path> write(Path directory, String prefix, PrometheusReport wanted) throws IOException {
    List<Path> written = new ArrayList<>();
    Files.createDirectories(directory);
    for (Map.Entry<String, Map<String, Object>> file : files(wanted).entrySet()) {
      Path path = directory.resolve((prefix == null ? "" : prefix) + file.getKey());
      Files.write(path, toJson(file.getValue()));
      written.add(path);
    }
    return written;
  }

  public static byte[] toJson(Map<String, Object> tree) throws IOException {
    return JSON.writeValueAsBytes(tree);
  }
}
