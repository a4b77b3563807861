package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inferenceperf.metrics.RecordGenerator;
import io.inferenceperf.record.RequestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks our reports against an independent oracle: numpy, fed the per-request file we wrote, recomputes every
 * distribution (src/test/resources/numpy/crosscheck.py). Skipped only when python3 with numpy is not installed.
 */
class NumpyCrossCheckTest {

  @TempDir static Path folder;
  private static Path perRequest;

  @BeforeAll
  static void writeRun() throws IOException {
    assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
    perRequest = folder.resolve("per_request.json");
    try (PerRequestFileWriter writer =
        new PerRequestFileWriter(perRequest, RecordGenerator.ORIGIN_NANOS, false, () -> 0L)) {
      for (List<RequestRecord> stage : GoldenRun.stages()) {
        for (RequestRecord record : stage) {
          writer.append(record);
        }
      }
    }
    new ReportFiles(folder, "").writeAll(Reports.build(GoldenRun.result()));
  }

  @Test
  void stageReportsAgreeWithNumpy() throws Exception {
    for (int stage = 0; stage < 3; stage++) {
      check(folder.resolve("stage_" + stage + "_lifecycle_metrics.json"), Integer.toString(stage));
    }
  }

  @Test
  void summaryReportAgreesWithNumpy() throws Exception {
    check(folder.resolve("summary_lifecycle_metrics.json"), "summary");
  }

  private static void check(Path report, String which) throws Exception {
    Path script = Path.of("src", "test", "resources", "numpy", "crosscheck.py");
    Process process =
        new ProcessBuilder("python3", script.toString(), perRequest.toString(), report.toString(), which)
            .redirectErrorStream(true)
            .start();
    boolean done = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      process.destroyForcibly();
    }
    System.out.println(report.getFileName() + ": " + output);
    assertEquals(0, done ? process.exitValue() : -1, "numpy disagrees with " + report.getFileName() + ":\n" + output);
  }

  private static boolean numpyAvailable() {
    try {
      Process probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
