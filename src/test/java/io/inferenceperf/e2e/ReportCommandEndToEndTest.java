package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.metrics.Percentiles;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inference-perf report}: from a run's results file it rebuilds every report file the run wrote, byte for
 * byte (lifecycle summary and stages, per-request, server metrics, config.yaml, report.html) and the same console tables; from
 * two runs' results it builds one report whose counts and exact percentiles are those of all their requests.
 */
class ReportCommandEndToEndTest {

  static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 30, max: 60, mean: 45, std_dev: 10}
        output_distribution: {min: 5, max: 15, mean: 10, std_dev: 3}
      load: {type: poisson, interval: 0, base_seed: %d, stages: [{rate: 20, duration: 1.5}, {rate: 40, duration: 1}]}
      metrics: {type: prometheus, prometheus: {direct: true, scrape_interval: 1}}
      report:
        request_lifecycle: {per_request: true, percentiles: [10, 50, 90, 99]}
        prometheus: {summary: true, per_stage: true}
        goodput: {constraints: {ttft: 0.05}}
      """;

  private static List<String> files(Path folder) throws Exception {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".jsonl.gz")).sorted().toList();
    }
  }

  @Test
  void aRunsResultsRebuildEveryReportByteForByte(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2,
        "fault_500_fraction", 0.1))) {
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl(), 7));
      assertEquals(0, run.exitCode(), run.err());
      Path rebuilt = dir.resolve("rebuilt");
      CliRunner.Output report = CliRunner.cli("report", run.reports().toString(), "--output", rebuilt.toString());
      assertEquals(0, report.code(), report.err());
      List<String> written = files(run.reports());
      assertTrue(written.containsAll(List.of("summary_lifecycle_metrics.json", "stage_0_lifecycle_metrics.json",
          "stage_1_lifecycle_metrics.json", "per_request_lifecycle_metrics.json", "summary_prometheus_metrics.json",
          "stage_0_prometheus_metrics.json", "stage_1_prometheus_metrics.json", "config.yaml")), written.toString());
      assertEquals(written, files(rebuilt), "the same files");
      for (String name : written) {
        assertArrayEquals(Files.readAllBytes(run.reports().resolve(name)), Files.readAllBytes(rebuilt.resolve(name)),
            name + " differs");
      }
      assertTrue(Files.readString(run.reports().resolve("report.html")).contains("id=\"server-metrics-table\""),
          "report.html tabulates the server's metrics");
      assertTrue(run.json("stage_0_lifecycle_metrics.json").at("/failures/count").asInt() > 0,
          "failures are part of what is rebuilt");
      assertEquals(tables(run.out()), tables(report.out()), "the same console tables");
    }
  }

  /** The console tables, from the Throughput title on (the run prints its plan and progress before them). */
  private static String tables(String out) {
    int at = out.indexOf("Throughput");
    return at < 0 ? out : out.substring(at);
  }

  @Test
  void twoRunsMergeIntoTheReportOfAllTheirRequests(@TempDir Path dir) throws Exception {
    CliRunner.Result first;
    CliRunner.Result second;
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 10, "itl_ms", 1))) {
      first = CliRunner.run(dir.resolve("a"), RUN.formatted(sim.baseUrl(), 1));
      second = CliRunner.run(dir.resolve("b"), RUN.formatted(sim.baseUrl(), 2));
    }
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(0, second.exitCode(), second.err());
    Path merged = dir.resolve("merged");
    CliRunner.Output report = CliRunner.cli("report", first.reports().toString(),
        second.reports().resolve("results.jsonl.gz").toString(), "--output", merged.toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(report.out().contains("Merged 2 results"), report.out());

    List<RequestRecord> all = new ArrayList<>();
    ResultsListener collect = new ResultsListener() {
      @Override
      public void record(RequestRecord record, Map<String, Object> extraInfo) {
        all.add(record);
      }
    };
    ResultsReader.replay(first.reports().resolve("results.jsonl.gz"), 0, collect);
    ResultsReader.replay(second.reports().resolve("results.jsonl.gz"), 0, collect);
    JsonNode summary = CliRunner.JSON.readTree(merged.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals(all.size(), summary.at("/load_summary/count").asInt());
    assertEquals(first.json("summary_lifecycle_metrics.json").at("/load_summary/count").asInt()
        + second.json("summary_lifecycle_metrics.json").at("/load_summary/count").asInt(), all.size());
    double[] ttftSeconds = all.stream().filter(r -> r.success() && r.ttftNanos() >= 0)
        .mapToDouble(r -> r.ttftNanos() / 1e9).sorted().toArray();
    JsonNode ttft = summary.at("/successes/latency/time_to_first_token");
    for (double p : new double[] {10, 50, 90, 99}) {
      assertEquals(numpyPercentile(ttftSeconds, p), ttft.get(Percentiles.key(p)).asDouble(), 1e-12, "p" + p);
    }
    double[] latency = all.stream().filter(RequestRecord::success)
        .mapToDouble(r -> (r.endNanos() - r.sentNanos()) / 1e9).sorted().toArray();
    assertEquals(numpyPercentile(latency, 90),
        summary.at("/successes/latency/request_latency").get("p90").asDouble(), 1e-12);
    JsonNode stage1 = CliRunner.JSON.readTree(merged.resolve("stage_1_lifecycle_metrics.json").toFile());
    assertEquals(80.0, stage1.at("/load_summary/requested_rate").asDouble(), "the stage's asks add up");
  }

  @Test
  void unusableInputsGetAMessageNotAStackTrace(@TempDir Path dir) throws Exception {
    CliRunner.Output none = CliRunner.cli("report");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("name at least one results file"), none.err());
    Files.writeString(dir.resolve("x.txt"), "not results");
    CliRunner.Output text = CliRunner.cli("report", dir.resolve("x.txt").toString(), "--output",
        dir.resolve("out").toString());
    assertEquals(2, text.code());
    assertTrue(text.err().contains("not a gzip-compressed results file"), text.err());
    assertTrue(!text.err().contains("Exception"), text.err());
    CliRunner.Output empty = CliRunner.cli("report", dir.toString());
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("holds no results.jsonl.gz"), empty.err());
  }

  /** numpy.percentile's default (linear) on sorted values. */
  static double numpyPercentile(double[] sorted, double p) {
    double rank = p / 100 * (sorted.length - 1);
    int low = (int) Math.floor(rank);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }
}
