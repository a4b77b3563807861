package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void midStageLineShowsElapsedOfDurationAndTheSendRate() {
    assertEquals("stage 2 30/60s  sent 300/600  in flight 7  done 290  failed 3  10.0 req/s",
        ProgressLine.format(2, 300, 600, 7, 290, 3, 30.0, 60.0));
  }

  @Test
  void lineAtStageEndRatesOverTheDurationNotTheGracePeriod() {
    // Sent 20 in a 1 s stage, printed after 0.8 s more of grace: still 20 req/s, not 11.
    assertEquals("stage 0 1.0/1.0s  sent 20/20  in flight 0  done 20  failed 0  20.0 req/s",
        ProgressLine.format(0, 20, 20, 0, 20, 0, 1.8, 1.0));
  }

  @Test
  void shortStagesKeepTheirFraction() {
    assertEquals("stage 1 0.5/0.5s  sent 20/20  in flight 2  done 18  failed 0  40.0 req/s",
        ProgressLine.format(1, 20, 20, 2, 18, 0, 0.7, 0.5));
  }

  @Test
  void concurrentStagesHaveNoDuration() {
    assertEquals("stage 0 4s  sent 40/100  in flight 4  done 36  failed 0  10.0 req/s",
        ProgressLine.format(0, 40, 100, 4, 36, 0, 4.0, 0));
  }

  @Test
  void aFinishedStageIsNotRedrawnSoTheNextLogLineStartsOnItsOwnLine() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ProgressLine line = new ProgressLine(new io.inferenceperf.engine.LiveCounters(), () -> 0,
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), true)) {
      org.junit.jupiter.api.Assertions.assertFalse(line.shouldPrint(-1), "no stage yet");
      org.junit.jupiter.api.Assertions.assertTrue(line.shouldPrint(0));
      line.stageDone(0, 20, 20, 20, 0, 1.0, 1.0);
      org.junit.jupiter.api.Assertions.assertFalse(line.shouldPrint(0), "stage 0 printed its last line");
      org.junit.jupiter.api.Assertions.assertTrue(line.shouldPrint(1));
    }
    String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(printed.endsWith("20.0 req/s\n"), printed);
  }

  @Test
  void aPipeGetsALineEveryFewSeconds() {
    org.junit.jupiter.api.Assertions.assertTrue(ProgressLine.PIPE_PERIOD_MILLIS <= 5_000);
  }
}
