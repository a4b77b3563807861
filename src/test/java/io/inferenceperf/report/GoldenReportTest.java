package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.metrics.RecordGenerator;
import io.inferenceperf.record.RequestRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the exact report files and console tables of a seeded run. Regenerate with -Dgolden.update=true. */
class GoldenReportTest {

  @Test
  void summaryReportMatchesGolden() throws Exception {
    ReportSet reports = Reports.build(GoldenRun.result());
    GoldenFiles.assertMatches("summary_lifecycle_metrics.json", JsonFormat.pretty(reports.summary()));
  }

  @Test
  void stageReportsMatchGolden() throws Exception {
    ReportSet reports = Reports.build(GoldenRun.result());
    assertEquals(3, reports.stages().size());
    for (StageReport stage : reports.stages()) {
      GoldenFiles.assertMatches(stage.fileName() + ".json", JsonFormat.pretty(stage.json()));
    }
  }

  @Test
  void consoleTablesMatchGolden() throws Exception {
    ReportSet reports = Reports.build(GoldenRun.result());
    GoldenFiles.assertMatches("summary_tables.txt", SummaryTables.render(reports.stages(), 80, false));
    GoldenFiles.assertMatches("summary_tables_ansi.txt", SummaryTables.render(reports.stages(), 80, true));
    GoldenFiles.assertMatches("summary_tables_120.txt", SummaryTables.render(reports.stages(), 120, false));
  }

  @Test
  void perRequestFileMatchesGolden() throws Exception {
    List<RequestRecord> records = GoldenRun.stages().get(1).subList(0, 12);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PerRequestFileWriter writer =
        new PerRequestFileWriter(bytes, RecordGenerator.ORIGIN_NANOS, false, () -> 0L, Long.MAX_VALUE)) {
      for (RequestRecord record : records) {
        writer.append(record);
      }
    }
    GoldenFiles.assertMatches("per_request_lifecycle_metrics.json", bytes.toString(StandardCharsets.UTF_8));
  }
}
