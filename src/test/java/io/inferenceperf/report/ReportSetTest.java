package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.metrics.StageAggregate;
import io.inferenceperf.metrics.StageInfo;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSetTest {

  private static List<RequestRecord> allRecords() {
    List<RequestRecord> all = new ArrayList<>();
    GoldenRun.stages().forEach(all::addAll);
    return all;
  }

  private static ObjectNode summaryOf(StageAggregate aggregate) {
    return LifecycleReportBuilder.summary(aggregate.summarize(GoldenRun.SETTINGS.percentiles()), Status.COMPLETED,
        new ReportContext(GoldenRun.SETTINGS.percentiles(), GoldenRun.SETTINGS.useServerOutputTokens(),
            GoldenRun.SETTINGS.exactValuesCap(), GoldenRun.SETUP));
  }

  @Test
  void mergingAggregatesEqualsAggregatingAllRecords() {
    List<RequestRecord> records = allRecords();
    StageAggregate all = new StageAggregate(GoldenRun.SETTINGS);
    StageAggregate odd = new StageAggregate(GoldenRun.SETTINGS);
    StageAggregate even = new StageAggregate(GoldenRun.SETTINGS);
    for (int i = 0; i < records.size(); i++) {
      all.add(records.get(i));
      (i % 2 == 0 ? even : odd).add(records.get(i));
    }
    even.merge(odd);
    assertEquals(summaryOf(all), summaryOf(even));
  }

  @Test
  void theSummaryIsTheMergeOfTheStages() {
    StageAggregate all = new StageAggregate(GoldenRun.SETTINGS);
    allRecords().forEach(all::add);
    ObjectNode expected = summaryOf(all);
    expected.put("status", "interrupted");
    assertEquals(expected, Reports.build(GoldenRun.result()).summary());
  }

  @Test
  void summaryHasOnlyCountAndScheduleDelayInLoadSummary() {
    ReportSet reports = Reports.build(GoldenRun.result());
    assertEquals(List.of("count", "schedule_delay"), fieldNames(reports.summary().get("load_summary")));
    assertEquals(
        List.of("count", "schedule_delay", "send_duration", "requested_rate", "achieved_rate", "planned", "sent",
            "not_sent"),
        fieldNames(reports.stages().get(0).json().get("load_summary")));
    assertEquals(
        List.of("count", "schedule_delay", "send_duration", "requested_rate", "achieved_rate", "concurrency",
            "planned", "sent", "not_sent"),
        fieldNames(reports.stages().get(2).json().get("load_summary")));
    assertFalse(reports.summary().has("client_health"));
  }

  @Test
  void topLevelKeysFollowInferencePerfThenOurs() {
    ObjectNode stage = Reports.build(GoldenRun.result()).stages().get(0).json();
    assertEquals(
        List.of("benchmark_time_seconds", "load_summary", "successes", "failures", "status", "client_health",
            "measurement"),
        fieldNames(stage));
    assertEquals(
        List.of("count", "latency", "throughput", "request_size_bytes", "image", "video", "audio", "prompt_tokens",
            "prompt_len", "output_len", "output_tokens", "token_count_mismatches", "client_fallback_requests", "goodput_metrics"),
        fieldNames(stage.get("successes")));
    assertEquals(
        List.of("request_latency", "normalized_time_per_output_token", "time_per_output_token",
            "time_to_first_token", "inter_token_latency", "time_to_first_content_token",
            "request_latency_from_intended"),
        fieldNames(stage.get("successes").get("latency")));
    assertEquals(
        List.of("mean", "min", "max", "p0.1", "p1", "p5", "p10", "p25", "median", "p75", "p90", "p95", "p99",
            "p99.9"),
        fieldNames(stage.get("successes").get("latency").get("request_latency")));
    assertEquals(List.of("count", "request_latency", "prompt_tokens", "prompt_len", "by_label"),
        fieldNames(stage.get("failures")));
  }

  @Test
  void promptLenRepeatsThePromptTokenDistributionForOlderInferencePerfReaders() {
    ObjectNode stage = Reports.build(GoldenRun.result()).stages().get(0).json();
    JsonNode tokens = stage.get("successes").get("prompt_tokens");
    JsonNode promptLen = stage.get("successes").get("prompt_len");
    for (String field : List.of("mean", "min", "max", "median", "p90", "p99")) {
      assertEquals(tokens.get(field), promptLen.get(field), field);
    }
    assertTrue(stage.get("failures").get("prompt_len").has("mean"), "stage 0 has failures with prompt tokens");
  }

  @Test
  void emptyFailuresKeepTheirShape() {
    ObjectNode stage = Reports.build(GoldenRun.result()).stages().get(2).json();
    JsonNode failures = stage.get("failures");
    assertEquals(0, failures.get("count").asInt());
    assertTrue(failures.get("request_latency").isNull());
    assertEquals(List.of("total", "cached", "uncached"), fieldNames(failures.get("prompt_tokens")));
    assertEquals(0.0, failures.get("prompt_tokens").get("total").doubleValue());
    assertTrue(failures.get("by_label").isEmpty());
  }

  @Test
  void pastTheCapTheReportSaysWhichMetricsUsedTheHistogram() {
    AggregationSettings tiny = GoldenRun.SETTINGS.withExactValuesCap(100);
    RunAggregator aggregator = new RunAggregator(tiny, GoldenRun.SETUP);
    GoldenRun.stages().get(0).forEach(aggregator::add);
    JsonNode measurement = Reports.build(aggregator.finish(Status.COMPLETED)).summary().get("measurement");
    assertEquals("hdr", measurement.get("percentile_method").asText());
    assertEquals("successes.latency.inter_token_latency", measurement.get("hdr_metrics").get(0).asText());
    assertEquals(1, measurement.get("hdr_metrics").size());
    assertEquals("exact", Reports.build(GoldenRun.result()).summary().get("measurement")
        .get("percentile_method").asText());
  }

  @Test
  void valuesSpilledToDiskGiveTheSameReportsAsValuesKeptInMemory(@TempDir Path scratch) {
    AggregationSettings memory = GoldenRun.SETTINGS.withSpill(AggregationSettings.Spill.IN_MEMORY);
    AggregationSettings disk = GoldenRun.SETTINGS.withSpill(new AggregationSettings.Spill(scratch, 3));
    ReportSet fromMemory = Reports.build(runWith(memory));
    ReportSet fromDisk = Reports.build(runWith(disk));
    assertEquals(fromMemory.summary(), fromDisk.summary());
    for (int i = 0; i < fromMemory.stages().size(); i++) {
      assertEquals(fromMemory.stages().get(i).json(), fromDisk.stages().get(i).json());
    }
    assertEquals("exact", fromDisk.summary().get("measurement").get("percentile_method").asText());
  }

  private static RunResult runWith(AggregationSettings settings) {
    RunAggregator aggregator = new RunAggregator(settings, GoldenRun.SETUP);
    List<List<RequestRecord>> stages = GoldenRun.stages();
    for (int stage = 0; stage < stages.size(); stage++) {
      aggregator.stageStarted(stage, StageInfo.rate(5.0, 4));
      stages.get(stage).forEach(aggregator::add);
      aggregator.stageEnded(stage, Status.COMPLETED);
    }
    return aggregator.finish(Status.COMPLETED);
  }

  @Test
  void aRunWithoutRecordsHasNoSummaryAndNoStages() {
    RunAggregator aggregator = new RunAggregator(GoldenRun.SETTINGS, GoldenRun.SETUP);
    aggregator.stageStarted(0, StageInfo.rate(1, 1));
    aggregator.stageEnded(0, Status.COMPLETED);
    ReportSet reports = Reports.build(aggregator.finish(Status.COMPLETED));
    assertNull(reports.summary());
    assertTrue(reports.stages().isEmpty());
  }

  @Test
  void negativeStagesAreNotReportedAndUnendedStagesTakeTheRunStatus() {
    RunAggregator aggregator = new RunAggregator(GoldenRun.SETTINGS, GoldenRun.SETUP);
    List<RequestRecord> records = GoldenRun.stages().get(0);
    RequestRecord probe = records.get(0);
    aggregator.add(new RequestRecord(probe.seq(), -1, probe.intendedStartNanos(), probe.sentNanos(),
        probe.endNanos(), probe.chunkNanos(), probe.chunkTokens(), probe.firstContentNanos(), probe.promptTokens(),
        probe.promptTokensFromServer(), probe.clientOutputTokens(), probe.serverOutputTokens(),
        probe.cachedPromptTokens(), probe.requestBytes(), probe.httpStatus(), probe.failure(), probe.model(),
        null, null, 0, -1, -1));
    aggregator.stageStarted(0, StageInfo.rate(5, 5));
    records.forEach(aggregator::add);
    RunResult result = aggregator.finish(Status.INTERRUPTED);
    assertEquals(1, aggregator.ignoredRecords());
    assertEquals(1, result.stages().size());
    assertEquals(Status.INTERRUPTED, result.stages().get(0).status());
    assertEquals(records.size(), result.recordCount());
  }

  @Test
  void filesAreNamedLikeInferencePerfWithThePrefix(@TempDir Path folder) throws Exception {
    ReportSet reports = Reports.build(GoldenRun.result());
    List<Path> written = new ReportFiles(folder, "run1_").writeAll(reports);
    assertEquals(
        List.of("run1_summary_lifecycle_metrics.json", "run1_stage_0_lifecycle_metrics.json",
            "run1_stage_1_lifecycle_metrics.json", "run1_stage_2_lifecycle_metrics.json"),
        written.stream().map(path -> path.getFileName().toString()).toList());
    JsonNode reread = JsonFormat.MAPPER.readTree(folder.resolve("run1_stage_1_lifecycle_metrics.json").toFile());
    assertEquals(JsonFormat.pretty(reports.stages().get(1).json()), JsonFormat.pretty(reread));
    try (var files = Files.list(folder)) {
      assertEquals(4, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void perStageOffWritesOnlyTheSummary(@TempDir Path folder) throws Exception {
    ReportConfig.RequestLifecycle lifecycle = new ReportConfig.RequestLifecycle(true, false, false, true, false,
        ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES, false, 100);
    List<Path> written = new ReportFiles(folder, null).writeAll(Reports.build(GoldenRun.result(), lifecycle));
    assertEquals(List.of(folder.resolve("summary_lifecycle_metrics.json")), written);
  }

  @Test
  void summaryOffWritesOnlyStages(@TempDir Path folder) throws Exception {
    ReportConfig.RequestLifecycle lifecycle = new ReportConfig.RequestLifecycle(false, true, false, true, false,
        ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES, false, 100);
    List<Path> written = new ReportFiles(folder, null).writeAll(Reports.build(GoldenRun.result(), lifecycle));
    assertEquals(3, written.size());
    assertFalse(Files.exists(folder.resolve("summary_lifecycle_metrics.json")));
  }

  @Test
  void prettyPrintingLooksLikePythonJsonDump() {
    ObjectNode node = JsonFormat.object();
    node.put("a", 1.5);
    node.putObject("empty");
    node.putArray("list").add(1).add(2);
    node.putNull("none");
    assertEquals("{\n  \"a\": 1.5,\n  \"empty\": {},\n  \"list\": [\n    1,\n    2\n  ],\n  \"none\": null\n}\n",
        JsonFormat.pretty(node));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
