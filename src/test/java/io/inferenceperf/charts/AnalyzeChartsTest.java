package io.inferenceperf.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.analysis.ReportFolderReader;
import io.inferenceperf.analysis.RunPoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PNG charts of {@code --analyze} for a fixed run (three rate stages of the quickstart against the simulator,
 * src/test/resources/analyze/rate-run): file names, count and pixel sizes are pinned, the data each chart was drawn
 * from is read back, and each panel's pixels show the mean line's colour.
 */
class AnalyzeChartsTest {
  private static final Path RATE_RUN = Path.of("src", "test", "resources", "analyze", "rate-run");
  private static final int WIDTH3 = 3 * PngRenderer.PANEL_WIDTH;
  private static final int HEIGHT = PngRenderer.TITLE_HEIGHT + PngRenderer.PANEL_HEIGHT;
  private static final int MEAN_RGB = 0x1f77b4;

  @TempDir Path temp;

  @Test
  void rateRunGetsInferencePerfsFilesWithEveryStagePlotted() throws Exception {
    Path run = copy(RATE_RUN, temp.resolve("run"));
    List<ChartWriter.Written> written = ChartWriter.writeRun(ReportFolderReader.read(run));

    assertEquals(List.of("latency_vs_qps.png", "throughput_vs_latency.png", "throughput_vs_qps.png"), pngs(run));
    for (ChartWriter.Written file : written) assertPanelsDrawn(file, 3);
    Map<String, Figure> figures = byName(written);
    // Latency: mean, p50, p90, p99 for each of the 3 stages, in each of the 3 panels.
    Figure latency = figures.get("latency_vs_qps.png");
    assertEquals(List.of("Time to First Token vs. QPS", "Norm. Time per Output Token vs. QPS",
        "Inter-Token Latency vs. QPS"), latency.panels().stream().map(Panel::title).toList());
    latency.panels().forEach(p -> assertEquals(4 * 3, p.pointCount(), p.title()));
    assertEquals("TTFT (ms)", latency.panels().get(0).yLabel());
    figures.get("throughput_vs_qps.png").panels().forEach(p -> assertEquals(3, p.pointCount(), p.title()));
    figures.get("throughput_vs_latency.png").panels().forEach(p -> assertEquals(12, p.pointCount(), p.title()));
  }

  @Test
  void plottedValuesAreTheReportsInMilliseconds() throws Exception {
    RunPoints run = ReportFolderReader.read(RATE_RUN);
    ObjectNode stage0 = (ObjectNode) new ObjectMapper().readTree(RATE_RUN.resolve("stage_0_lifecycle_metrics.json")
        .toFile());
    Series mean = FigureSet.forRun(run).get(0).panels().get(0).series().get(0);
    assertEquals("Mean", mean.name());
    Series.Point first = mean.points().get(0);
    assertEquals(stage0.path("load_summary").path("achieved_rate").asDouble(), first.x(), 1e-12);
    assertEquals(stage0.path("successes").path("latency").path("time_to_first_token").path("mean").asDouble()
        * 1000, first.y(), 1e-9);
  }

  @Test
  void concurrentRunWithGoodputGetsTheConcurrencyFilesAndUnifiedOverlay() throws Exception {
    Path rate = copy(RATE_RUN, temp.resolve("rate"));
    Path concurrent = copy(RATE_RUN, temp.resolve("concurrent"));
    addConcurrencyAndGoodput(concurrent);
    Path unified = temp.resolve("unified");

    ChartWriter.writeRun(ReportFolderReader.read(concurrent));
    List<ChartWriter.Written> overlay = ChartWriter.writeUnified(
        List.of(ReportFolderReader.read(rate), ReportFolderReader.read(concurrent)), unified);

    assertEquals(List.of("latency_vs_concurrency.png", "throughput_vs_concurrency.png",
        "throughput_vs_latency.png"), pngs(concurrent));
    // Mixed runs: the overlay uses QPS, and shows goodput because one run has it.
    assertEquals(List.of("goodput_vs_qps.png", "latency_vs_qps.png", "throughput_vs_latency.png",
        "throughput_vs_qps.png"), pngs(unified));
    for (ChartWriter.Written file : overlay) {
      assertPanelsDrawn(file, file.figure().panels().size());
      List<String> names = file.figure().panels().get(0).series().stream().map(Series::name).toList();
      assertTrue(names.contains("Report 2"), file.file() + " " + names);
    }
    Map<?, ?> legend = new ObjectMapper().readValue(unified.resolve("analyzed_reports_legend.json").toFile(),
        Map.class);
    assertEquals(rate.toAbsolutePath().normalize().toString(), legend.get("Report 1"));
    assertEquals(concurrent.toAbsolutePath().normalize().toString(), legend.get("Report 2"));
  }

  @Test
  void serverMetricsGetAChartEach() throws Exception {
    Path run = copy(RATE_RUN, temp.resolve("server"));
    for (int stage = 0; stage < 3; stage++) {
      // The shape of docs/server-metrics.md: a histogram, a gauge, a mean-only ratio, a missing metric.
      Files.writeString(run.resolve("stage_" + stage + "_prometheus_metrics.json"), """
          {"benchmark_time_seconds": 3.0, "load_summary": {}, "failures": {}, "successes": {"count": 15.0,
           "queue_len": {"mean": %d, "median": 1.0, "p90": 3.0, "p99": 5.0, "max": 6.0},
           "time_to_first_token": {"mean": 0.05, "median": 0.04, "p90": 0.06, "p99": 0.18, "count": 15.0},
           "prefix_cache_hit_percent": {"mean": 45.2}, "request_queue_time": null}}
          """.formatted(stage + 1));
    }
    List<ChartWriter.Written> written = ChartWriter.writeRun(ReportFolderReader.read(run));

    assertEquals(List.of("latency_vs_qps.png", "server_prefix_cache_hit_percent_vs_qps.png",
        "server_queue_len_vs_qps.png", "server_time_to_first_token_vs_qps.png", "throughput_vs_latency.png",
        "throughput_vs_qps.png"), pngs(run));
    Map<String, Figure> figures = byName(written);
    Panel queue = figures.get("server_queue_len_vs_qps.png").panels().get(0);
    assertEquals(12, queue.pointCount(), "mean, p50, p90, p99 of 3 stages");
    assertEquals(List.of(1.0, 2.0, 3.0), queue.series().get(0).points().stream().map(Series.Point::y).toList());
    assertEquals(3, figures.get("server_prefix_cache_hit_percent_vs_qps.png").panels().get(0).pointCount());
    for (ChartWriter.Written file : written) assertPanelsDrawn(file, file.figure().panels().size());
  }

  @Test
  void folderWithoutStageReportsIsRefusedWithTheFix() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    var error = org.junit.jupiter.api.Assertions.assertThrows(ReportFolderReader.AnalysisException.class,
        () -> ReportFolderReader.read(empty));
    assertTrue(error.getMessage().contains("report.request_lifecycle.per_stage"), error.getMessage());
  }

  /** Each panel of the PNG holds pixels of the first line's colour, and the image has the pinned size. */
  private static void assertPanelsDrawn(ChartWriter.Written file, int panels) throws IOException {
    BufferedImage image = ImageIO.read(file.file().toFile());
    assertEquals(panels * PngRenderer.PANEL_WIDTH, image.getWidth(), file.file().toString());
    assertEquals(HEIGHT, image.getHeight(), file.file().toString());
    if (panels == 3) assertEquals(WIDTH3, image.getWidth());
    for (int panel = 0; panel < panels; panel++) {
      int count = 0;
      for (int x = panel * PngRenderer.PANEL_WIDTH; x < (panel + 1) * PngRenderer.PANEL_WIDTH; x++) {
        for (int y = PngRenderer.TITLE_HEIGHT; y < image.getHeight(); y++) {
          if ((image.getRGB(x, y) & 0xffffff) == MEAN_RGB) count++;
        }
      }
      assertTrue(count > 50, file.file() + " panel " + panel + ": " + count + " pixels of the mean line");
    }
  }

  private static void addConcurrencyAndGoodput(Path folder) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    for (int stage = 0; stage < 3; stage++) {
      Path file = folder.resolve("stage_" + stage + "_lifecycle_metrics.json");
      ObjectNode report = (ObjectNode) mapper.readTree(file.toFile());
      ((ObjectNode) report.path("load_summary")).put("concurrency", 4 << stage);
      ObjectNode goodput = ((ObjectNode) report.path("successes")).putObject("goodput_metrics");
      goodput.put("goodput_percentage", 90.0 - stage).put("request_goodput", 4.5 * (stage + 1));
      mapper.writeValue(file.toFile(), report);
    }
  }

  private static Map<String, Figure> byName(List<ChartWriter.Written> written) {
    return written.stream().collect(java.util.stream.Collectors.toMap(
        w -> w.file().getFileName().toString(), ChartWriter.Written::figure));
  }

  private static List<String> pngs(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) Files.copy(file, to.resolve(file.getFileName()));
    }
    return to;
  }
}
