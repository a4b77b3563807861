package io.inferenceperf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorBaselineTest {
  @TempDir Path dir;

  private static FloorMode.Row row(String server, double rate, double floor, double tool) {
    return new FloorMode.Row(server, rate, new double[] {floor}, new double[] {tool});
  }

  @Test
  void aRecordedBaselineReadsBackAndGatesRegressionsOverTheTolerance() throws IOException {
    Path file = dir.resolve("baseline.txt");
    FloorBaseline.write(file, List.of(row("simulator", 400, 400, 600), row("minimal", 1000, 300, 360)), "test");
    FloorBaseline baseline = FloorBaseline.read(file);
    assertEquals(1.5, baseline.ratio("simulator", 400), 1e-9);
    assertEquals(1.2, baseline.ratio("minimal", 1000), 1e-9);
    assertNull(baseline.regression(row("simulator", 400, 400, 660), 0.10), "1.65 is exactly 10% over 1.5");
    String failed = baseline.regression(row("simulator", 400, 400, 664), 0.10);
    assertNotNull(failed);
    assertTrue(failed.contains("1.66 > 1.65"), failed);
    assertNull(baseline.regression(row("simulator", 2000, 400, 4000), 0.10), "no recorded ratio: not gated");
  }

  @Test
  void aMalformedLineNamesTheFileAndLine() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "# comment\nsimulator 400 1.5\nsimulator four 1.5\n");
    IOException e = assertThrows(IOException.class, () -> FloorBaseline.read(file));
    assertTrue(e.getMessage().contains("bad.txt line 3"), e.getMessage());
  }
}
