package io.inferenceperf.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.analysis.ReportFolderReader.AnalysisException;
import io.inferenceperf.results.ResultsFormat;
import io.inferenceperf.results.ResultsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run given to {@code compare}: its per-request samples when a results file is there (a results file, or a folder
 * holding one), else its stage reports' numbers only (no confidence interval is then possible).
 */
public record ComparedRun(Path source, StageSamples samples, Map<Integer, JsonNode> stageReports) {
  private static final Pattern STAGE_FILE = Pattern.compile("(.*)stage_(\\d+)_lifecycle_metrics\\.json");

  public boolean hasSamples() {
    return samples != null;
  }

  /** The stage ids this run has, in order. */
  public List<Integer> stageIds() {
    return List.copyOf(hasSamples() ? samples.stages().keySet() : stageReports.keySet());
  }

  public static ComparedRun load(Path source) throws AnalysisException {
    Path results = resultsFile(source);
    if (results != null) {
      StageSamples samples = new StageSamples();
      try {
        ResultsReader.replay(results, 0, samples);
      } catch (ResultsReader.ResultsException e) {
        throw new AnalysisException(e.getMessage());
      }
      return new ComparedRun(source, samples, Map.of());
    }
    if (!Files.isDirectory(source)) {
      throw new AnalysisException(source + ": no such results file or report folder");
    }
    Map<Integer, JsonNode> reports = stageReports(source);
    if (reports.isEmpty()) {
      throw new AnalysisException(source + ": holds neither a " + ResultsFormat.FILE_NAME
          + " nor stage_<N>_lifecycle_metrics.json reports; name a run's report folder or results file");
    }
    return new ComparedRun(source, null, reports);
  }

  private static Path resultsFile(Path source) throws AnalysisException {
    if (Files.isRegularFile(source) && source.getFileName().toString().endsWith(ResultsFormat.FILE_NAME)) {
      return source;
    }
    if (!Files.isDirectory(source)) return null;
    try (Stream<Path> listing = Files.list(source)) {
      List<Path> found = listing.filter(p -> p.getFileName().toString().endsWith(ResultsFormat.FILE_NAME)).toList();
      return found.size() == 1 ? found.get(0) : null;
    } catch (IOException e) {
      throw new AnalysisException(source + ": cannot list the folder (" + e.getMessage() + ")");
    }
  }

  private static Map<Integer, JsonNode> stageReports(Path folder) throws AnalysisException {
    Map<Integer, JsonNode> reports = new TreeMap<>();
    ObjectMapper mapper = new ObjectMapper();
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : listing.toList()) {
        Matcher name = STAGE_FILE.matcher(file.getFileName().toString());
        if (!name.matches() || name.group(1).contains("adapter_")) continue;
        reports.put(Integer.parseInt(name.group(2)), mapper.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new AnalysisException(folder + ": cannot read its stage reports (" + e.getMessage() + ")");
    }
    return reports;
  }
}
