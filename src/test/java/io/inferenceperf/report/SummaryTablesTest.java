package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTablesTest {

  private static final List<StageReport> STAGES = Reports.build(GoldenRun.result()).stages();

  @Test
  void everyLineFitsEightyColumns() {
    String text = SummaryTables.render(STAGES, 80, false);
    for (String line : text.split("\n")) {
      assertTrue(line.length() <= 80, "too wide (" + line.length() + "): " + line);
    }
  }

  @Test
  void narrowTerminalsGetMoreSplitsButNoLongerLines() {
    String text = SummaryTables.render(STAGES, 60, false);
    for (String line : text.split("\n")) {
      assertTrue(line.length() <= 60, "too wide (" + line.length() + "): " + line);
    }
    assertTrue(text.contains("Latency (ms) (3/3)"));
  }

  @Test
  void wideTerminalsKeepTablesWhole() {
    String text = SummaryTables.render(STAGES, 200, false);
    assertFalse(text.contains("(1/2)"));
  }

  @Test
  void plainTextHasNoEscapeCodes() {
    assertFalse(SummaryTables.render(STAGES, 80, false).contains("\u001B"));
  }

  @Test
  void ansiColoursErrorRatesByThreshold() {
    String text = SummaryTables.render(STAGES, 80, true);
    assertTrue(text.contains(TextTable.RED + "16.7%" + TextTable.RESET), "stage 1: 16.7% > 5% is red");
    assertTrue(text.contains(TextTable.YELLOW + "2.5%" + TextTable.RESET), "a label at 2.5% of requests is yellow");
    assertFalse(text.contains(TextTable.RED + "0.0%"));
    assertFalse(text.contains(TextTable.YELLOW + "0.0%"), "no colour at 0%");
  }

  @Test
  void clientHealthHasALinePerStage() {
    String text = SummaryTables.render(STAGES, 80, false);
    assertTrue(text.contains("Stage 0: kept up; schedule delay p50"));
    assertTrue(text.contains("Stage 1 (interrupted): WARNING load generator fell behind"));
    assertTrue(text.contains("Stage 2: kept up"));
  }

  @Test
  void noStagesSaysSo() {
    assertEquals("No requests were recorded.\n", SummaryTables.render(List.of(), 80, false));
  }

  @Test
  void wrapBreaksAtSpacesAndIndentsContinuations() {
    assertEquals("aaa bbb\n  ccc ddd\n  eee", SummaryTables.wrap("aaa bbb ccc ddd eee", 9));
  }
}
