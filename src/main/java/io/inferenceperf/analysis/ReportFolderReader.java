package io.inferenceperf.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the stage reports of a report folder. Like inference-perf's analysis, a folder with no
 * {@code stage_*_lifecycle_metrics.json} is an error. A report-file prefix ({@code report.file_prefix}) is allowed
 * before {@code stage_}; adapter stage reports are not stages of the run and are skipped.
 */
public final class ReportFolderReader {
  private static final Pattern STAGE_FILE = Pattern.compile("(.*)stage_(\\d+)_lifecycle_metrics\\.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportFolderReader() {}

  /** A folder that cannot be analysed, with what to do about it. */
  public static final class AnalysisException extends Exception {
    public AnalysisException(String message) {
      super(message);
    }
  }

  public static RunPoints read(Path folder) throws AnalysisException {
    if (!Files.isDirectory(folder)) {
      throw new AnalysisException(folder + ": not a folder; name a report folder a run wrote");
    }
    List<StagePoint> stages = new ArrayList<>();
    for (Path file : stageFiles(folder)) {
      Matcher name = STAGE_FILE.matcher(file.getFileName().toString());
      if (!name.matches() || name.group(1).contains("adapter_")) continue;
      StagePoint stage = StagePoint.of(Integer.parseInt(name.group(2)), parse(file));
      Path server = file.resolveSibling(name.group(1) + "stage_" + name.group(2) + "_prometheus_metrics.json");
      stages.add(Files.isRegularFile(server) ? stage.withServerMetrics(parse(server)) : stage);
    }
    if (stages.isEmpty()) {
      throw new AnalysisException(folder + ": holds no stage_<N>_lifecycle_metrics.json; the charts need the stage"
          + " reports (report.request_lifecycle.per_stage: true, the default)");
    }
    return new RunPoints(folder, stages);
  }

  private static List<Path> stageFiles(Path folder) throws AnalysisException {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.filter(p -> STAGE_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
    } catch (IOException e) {
      throw new AnalysisException(folder + ": cannot list the folder (" + e.getMessage() + ")");
    }
  }

  private static JsonNode parse(Path file) throws AnalysisException {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new AnalysisException(file + ": not a readable JSON report (" + e.getMessage() + ")");
    }
  }
}
