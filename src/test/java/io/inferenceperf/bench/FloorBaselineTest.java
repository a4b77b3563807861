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
    FloorBaseline.write(file, List.of(row("simulator", 400, 400, 600), row("minimal", 1000, 300, 360)), "test", 30,
        20);
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
  void aRowWhoseServerFellBehindIsNotRecorded() throws IOException {
    Path file = dir.resolve("baseline.txt");
    FloorMode.Row behind = new FloorMode.Row("minimal", 2000, new double[] {120}, new double[] {350}, 1400, 1413.6,
        "floor: request latency p50 1400.0 ms, scheduled 360 ms");
    assertTrue(behind.scheduleCell().startsWith("behind (floor: request latency p50 1400.0 ms"), behind.scheduleCell());
    assertTrue(row("simulator", 400, 400, 600).scheduleCell().startsWith("kept (p50 360.0 / 360.0 ms"));
    FloorBaseline.write(file, List.of(row("simulator", 400, 400, 600), behind), "test", 30, 20);
    FloorBaseline baseline = FloorBaseline.read(file);
    assertEquals(1.5, baseline.ratio("simulator", 400), 1e-9);
    assertNull(baseline.ratio("minimal", 2000));
  }

  @Test
  void aServerKeepsItsScheduleWithin5PercentAndWithoutFailures() {
    assertEquals(360, FloorMode.SCHEDULED_LATENCY_MILLIS, 1e-9); // 50 ms to the first of 32 tokens, then 10 ms apart
    assertNull(FloorMode.scheduleProblem("tool", new FloorMode.Run(600, 360.4, 0)));
    assertNull(FloorMode.scheduleProblem("tool", new FloorMode.Run(600, 378, 0)));
    String late = FloorMode.scheduleProblem("floor", new FloorMode.Run(120, 1413.6, 0));
    assertNotNull(late);
    assertTrue(late.contains("floor: request latency p50 1413.6 ms, scheduled 360 ms"), late);
    String failed = FloorMode.scheduleProblem("tool", new FloorMode.Run(300, 360.5, 1387));
    assertNotNull(failed);
    assertTrue(failed.contains("1387 requests failed or lost"), failed);
  }

  @Test
  void aToolThatReadMostResponsesLateMakesTheRowUngated() {
    assertNull(FloorMode.scheduleProblem("tool", new FloorMode.Run(450, 362, 0, 0.48)), "a few stalls only");
    String late = FloorMode.scheduleProblem("tool", new FloorMode.Run(442, 369.7, 0, 3.5));
    assertNotNull(late, "on schedule by its latency, but it read most responses late");
    assertTrue(late.contains("tool: read late, read lateness p50 3.5 ms"), late);
  }

  @Test
  void aMalformedLineNamesTheFileAndLine() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "# comment\nsimulator 400 1.5\nsimulator four 1.5\n");
    IOException e = assertThrows(IOException.class, () -> FloorBaseline.read(file));
    assertTrue(e.getMessage().contains("bad.txt line 3"), e.getMessage());
  }

  @Test
  void aBaselineRecordedWithOtherWarmUpOrDurationRefusesTheGate() throws IOException {
    Path file = dir.resolve("baseline.txt");
    FloorBaseline.write(file, List.of(row("simulator", 400, 400, 600)), "test", 30, 20);
    FloorBaseline baseline = FloorBaseline.read(file);
    assertNull(baseline.incomparable(30, 20));
    String refused = baseline.incomparable(5, 30);
    assertNotNull(refused);
    assertTrue(refused.contains("recorded with --warmup 30 --duration 20, this run would use --warmup 5 --duration 30"),
        refused);
    Path old = dir.resolve("old.txt");
    Files.writeString(old, "# recorded long ago\nsimulator 400 1.5\n");
    assertNull(FloorBaseline.read(old).incomparable(5, 30), "a file without conditions gates any run");
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "# conditions: warmup=30 rounds=2\n");
    IOException e = assertThrows(IOException.class, () -> FloorBaseline.read(bad));
    assertTrue(e.getMessage().contains("line 1: conditions are warmup=S and duration=S, got 'rounds=2'"),
        e.getMessage());
  }
}
