package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.record.Placement;
import io.inferenceperf.record.Placement.ServerEndpoint;
import io.inferenceperf.results.ResultsFormat;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.results.ResultsWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement section is a report input: a real run (outside Kubernetes here) writes it into the results header
 * and the summary report, {@code inference-perf report} rebuilds it from the file, and a cross-zone placement reads
 * back whole and gives the console warning.
 */
class PlacementReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static int cli(String... args) {
    return Cli.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void aRunOutsideKubernetesSaysSoAndTheReportCommandReproducesIt(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("c.yml");
    Files.writeString(config, """
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
        load: {type: constant, stages: [{rate: 10, duration: 0.3}]}
        """);
    assertEquals(0, cli("-c", config.toString(), "--storage.local_storage.path", dir.resolve("run").toString()));
    JsonNode placement = JSON.readTree(dir.resolve("run/summary_lifecycle_metrics.json").toFile()).get("placement");
    assertEquals(false, placement.get("kubernetes").asBoolean());
    assertTrue(placement.get("notes").get(0).asText().contains("KUBERNETES_SERVICE_HOST is not set"));

    assertEquals(0, cli("report", dir.resolve("run").toString(), "--output", dir.resolve("again").toString()));
    assertEquals(placement,
        JSON.readTree(dir.resolve("again/summary_lifecycle_metrics.json").toFile()).get("placement"));
  }

  @Test
  void aCrossZonePlacementRoundTripsThroughTheResultsFileAndIsWarnedAbout(@TempDir Path dir) throws Exception {
    Placement crossZone = new Placement(true, "bench-abcde", "benchmarking", "cpu-1", "us-east-1a", "us-east-1",
        "m6i.2xlarge", "default/qwen3-vllm",
        List.of(new ServerEndpoint("10.1.0.7", "qwen3-vllm-0", "gpu-2", "us-east-1b")), true, List.of());
    ResultsHeader header = new ResultsHeader(ResultsFormat.VERSION, "test", 1_764_000_000_000_000_000L, "",
        ReportConfig.defaults(), "", new MeasurementSetup("hf:test", true, false),
        new AggregationSettings(List.of(50.0, 99.0), true, 7, Map.of(), 1000), 42, 1, 0, crossZone);
    Path file = dir.resolve(ResultsFormat.FILE_NAME);
    try (ResultsWriter writer = ResultsWriter.create(file, 0, () -> 0)) {
      writer.header(header);
    }
    assertEquals(crossZone, ResultsReader.header(file).placement());

    io.inferenceperf.record.StartAgreement start = new io.inferenceperf.record.StartAgreement(
        io.inferenceperf.record.StartAgreement.KUBERNETES_BARRIER, 1_796_551_200_123L, 250.5, 12.0, 4_200L, false);
    ResultsHeader withStart = new ResultsHeader(header.version(), header.tool(), header.originEpochNanos(), "",
        header.report(), "", header.measurement(), header.aggregation(), 42, 2, 1, crossZone, start);
    Path second = dir.resolve("second-" + ResultsFormat.FILE_NAME);
    try (ResultsWriter writer = ResultsWriter.create(second, 0, () -> 0)) {
      writer.header(withStart);
    }
    assertEquals(start, ResultsReader.header(second).start(), "the start agreement and clock offset read back");
    assertNull(ResultsReader.header(file).start());

    String warning = PlacementStep.warning(crossZone);
    assertTrue(warning.contains("CROSS-ZONE RUN: this pod is in zone us-east-1a but the model server's endpoints are"
        + " in us-east-1b"), warning);
    assertNull(PlacementStep.warning(Placement.outsideKubernetes()));
  }
}
