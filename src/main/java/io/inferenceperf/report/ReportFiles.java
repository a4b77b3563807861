package io.inferenceperf.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.servermetrics.PrometheusReports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes report files into the report folder as {@code <prefix><name>.json} (and the config as
 * {@code <prefix>config.yaml}), like inference-perf's local storage.
 * Each file is written to a temporary name and then moved into place, so a reader never sees half a report.
 */
public final class ReportFiles {

  /** Name of the per-request file (without prefix and extension). */
  public static final String PER_REQUEST_FILE = "per_request_lifecycle_metrics";

  /** Name of the written config, with its extension (the prefix is prepended like for every report). */
  public static final String CONFIG_FILE = "config.yaml";

  private final Path folder;
  private final String prefix;

  /** @param prefix prepended to every file name (storage.local_storage.report_file_prefix), or null */
  public ReportFiles(Path folder, String prefix) {
    this.folder = folder;
    this.prefix = prefix == null ? "" : prefix;
  }

  /** The path of report {@code name}: {@code <folder>/<prefix><name>.json}. */
  public Path path(String name) {
    return folder.resolve(prefix + name + ".json");
  }

  /** Where the resolved, redacted config goes: {@code <prefix>config.yaml}, like inference-perf's "config" report. */
  public Path configPath() {
    return folder.resolve(prefix + CONFIG_FILE);
  }

  /** A file of the report folder other than the JSON reports ({@code report.html}), with the prefix. */
  public Path file(String fileName) {
    return folder.resolve(prefix + fileName);
  }

  /** Where the streamed per-request file goes. */
  public Path perRequestPath() {
    return path(PER_REQUEST_FILE);
  }

  /**
   * Writes the summary (when present), the stage reports (when per_stage is on) and the server-metrics reports;
   * returns the files written.
   */
  public List<Path> writeAll(ReportSet reports) throws IOException {
    List<Path> written = new ArrayList<>();
    if (reports.summary() != null) {
      written.add(write(ReportSet.SUMMARY_FILE, reports.summary()));
    }
    if (reports.writeStageFiles()) {
      for (StageReport stage : reports.stages()) {
        written.add(write(stage.fileName(), stage.json()));
      }
    }
    for (Map.Entry<String, ObjectNode> file : reports.adapterFiles().entrySet()) {
      written.add(write(file.getKey(), file.getValue()));
    }
    for (Map.Entry<String, Map<String, Object>> file : reports.serverMetricFiles().entrySet()) {
      written.add(writeBytes(folder.resolve(prefix + file.getKey()), PrometheusReports.toJson(file.getValue())));
    }
    return written;
  }

  /** Writes one report tree, pretty-printed. */
  public Path write(String name, JsonNode tree) throws IOException {
    return writeBytes(path(name), JsonFormat.pretty(tree).getBytes(StandardCharsets.UTF_8));
  }

  private Path writeBytes(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(folder);
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    try {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
