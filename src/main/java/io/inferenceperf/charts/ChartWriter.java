package io.inferenceperf.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.analysis.RunPoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the figures of {@code --analyze}: each run's into its own folder, and the overlay into a unified folder. */
public final class ChartWriter {
  public static final String LEGEND_FILE = "analyzed_reports_legend.json";

  private ChartWriter() {}

  /** A written PNG and the data it was drawn from. */
  public record Written(Path file, Figure figure) {}

  public static List<Written> writeRun(RunPoints run) throws IOException {
    return write(FigureSet.forRun(run), run.folder());
  }

  /** The overlay charts and {@value #LEGEND_FILE} ("Report i" to the folder it came from). */
  public static List<Written> writeUnified(List<RunPoints> runs, Path folder) throws IOException {
    List<Written> written = write(FigureSet.unified(runs), folder);
    Map<String, String> legend = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      legend.put(FigureSet.legendName(i), runs.get(i).folder().toAbsolutePath().normalize().toString());
    }
    Files.writeString(folder.resolve(LEGEND_FILE), legendJson(legend), StandardCharsets.UTF_8);
    return written;
  }

  private static List<Written> write(List<Figure> figures, Path folder) throws IOException {
    List<Written> written = new ArrayList<>();
    for (Figure figure : figures) written.add(new Written(PngRenderer.write(figure, folder), figure));
    return written;
  }

  private static String legendJson(Map<String, String> legend) throws IOException {
    return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(legend) + "\n";
  }
}
