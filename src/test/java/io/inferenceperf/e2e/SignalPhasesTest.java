package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.ChildJvm;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal in each phase of a run other than a stage (InterruptTest covers a stage, SecondSignalTest the grace
 * wait): the child run is signalled when a log line (or a file) shows it is in that phase, and each phase is made
 * to last by a real slow thing (a server that accepts and never answers, a long load.interval, a named pipe
 * nobody reads yet), never by a test hook in the tool. Before the load the process exits at once with nothing
 * sent; after it, every report of what was measured is written and the results file rebuilds them.
 */
class SignalPhasesTest {
  @TempDir Path dir;

  private static String runConfig(String baseUrl, String extra) {
    return """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        data: {type: mock}
        %s
        """.formatted(baseUrl, extra);
  }

  private ChildRun start(String yaml, Map<String, String> env) throws Exception {
    return start(ChildJvm.Mode.ECONOMY, yaml, env);
  }

  private ChildRun start(ChildJvm.Mode mode, String yaml, Map<String, String> env) throws Exception {
    Path config = Files.writeString(dir.resolve("config.yml"), yaml);
    return ChildRun.start(mode, dir.resolve("log.txt"), List.of(), List.of(), env, "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString());
  }

  /** Exits at once with {@code code}, saying nothing was sent, and nothing was. */
  private static void exitsBeforeTheLoad(ChildRun child, String signal, int code, RunningSimulator sim)
      throws Exception {
    long signalledAt = System.nanoTime();
    child.signal(signal);
    assertEquals(code, child.awaitExit(20), child.log());
    assertTrue((System.nanoTime() - signalledAt) / 1_000_000 < 15_000, "at once");
    assertTrue(child.log().contains("SIG" + signal + " received before the load started: exiting; nothing was sent"
        + " to the server."), child.log());
    assertEquals(0, sim.truth().snapshot().requests(), "nothing was sent");
    child.assertNoStackTrace();
  }

  /** The results file rebuilds the reports the run wrote: the same request count and status. */
  private void resultsRebuildTheReports() throws Exception {
    Path reports = dir.resolve("reports");
    JsonNode written = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
    Path rebuilt = dir.resolve("rebuilt");
    CliRunner.Output report = CliRunner.cli("report", reports.resolve("results.jsonl.gz").toString(), "--output",
        rebuilt.toString());
    assertEquals(0, report.code(), report.err());
    JsonNode again = CliRunner.JSON.readTree(rebuilt.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals(written.at("/load_summary/count"), again.at("/load_summary/count"));
    assertEquals(written.get("status"), again.get("status"));
    assertTrue(written.at("/load_summary/count").asInt() > 0, written.toString());
  }

  @Test
  void sigtermWhileTheTokenizerDownloadsExits143AtOnce() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"));
        ServerSocket silentHub = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      silentHub.setSoTimeout(60_000);
      String yaml = runConfig(sim.baseUrl(), """
          tokenizer: {pretrained_model_name_or_path: some-org/some-model}
          load: {type: constant, stages: [{rate: 5, duration: 5}]}
          """);
      try (ChildRun child = start(yaml, Map.of("HF_ENDPOINT", "http://127.0.0.1:" + silentHub.getLocalPort(),
          "HF_HOME", dir.resolve("hf").toString(), "HF_HUB_OFFLINE", "0"))) {
        child.awaitLog("loading the tokenizer of some-org/some-model", 60);
        try (var accepted = silentHub.accept()) { // the download is under way, and never answered
          exitsBeforeTheLoad(child, "TERM", 143, sim);
        }
      }
    }
  }

  @Test
  void sigintDuringTheClientWarmUpExits130AtOnce() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      String yaml = runConfig(sim.baseUrl(), "load: {type: constant, stages: [{rate: 5, duration: 5}]}");
      try (ChildRun child = start(ChildJvm.Mode.MEASURING, yaml, Map.of())) { // a child with the warm-up
        child.awaitLog("warming up the client", 60); // the warm-up lasts up to 2 s
        exitsBeforeTheLoad(child, "INT", 130, sim);
      }
    }
  }

  @Test
  void sigtermBetweenStagesEndsTheRunWithTheFirstStagesReports() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      String yaml = runConfig(sim.baseUrl(), """
          load: {type: constant, interval: 60, stages: [{rate: 20, duration: 1}, {rate: 20, duration: 1}]}
          """);
      try (ChildRun child = start(yaml, Map.of())) {
        child.awaitLog("stage 0 done; stage 1 starts in 60.0 s (load.interval)", 60);
        child.signal("TERM");
        assertEquals(143, child.awaitExit(20), "not after the 60 s interval: " + child.log());
        child.assertNoStackTrace();
      }
      Path reports = dir.resolve("reports");
      JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
      assertEquals("interrupted", summary.get("status").asText());
      assertEquals(20, summary.at("/load_summary/count").asInt(), "stage 0's 20 requests: " + summary);
      assertTrue(Files.exists(reports.resolve("stage_0_lifecycle_metrics.json")));
      assertFalse(Files.exists(reports.resolve("stage_1_lifecycle_metrics.json")), "stage 1 never ran");
      resultsRebuildTheReports();
    }
  }

  @Test
  void sigtermWhileCollectingServerMetricsWritesTheReportsWithoutThemAndExits143() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"));
        ServerSocket silentPrometheus = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String yaml = runConfig(sim.baseUrl(), """
          load: {type: constant, stages: [{rate: 20, duration: 1}]}
          metrics: {type: prometheus, prometheus: {url: "http://127.0.0.1:%d", query_timeout: 60, collect_timeout: 120}}
          """.formatted(silentPrometheus.getLocalPort()));
      try (ChildRun child = start(yaml, Map.of())) {
        child.awaitLog("collecting server metrics for 1 stages", 60);
        child.signal("TERM");
        assertEquals(143, child.awaitExit(20), "not after the 60 s query timeout: " + child.log());
        assertTrue(child.log().contains("server metrics not collected: SIGTERM arrived while collecting them"),
            child.log());
        assertTrue(child.log().contains("Run interrupted after its last stage: the stages' reports are complete."),
            child.log());
        child.assertNoStackTrace();
      }
      JsonNode summary = CliRunner.JSON.readTree(dir.resolve("reports/summary_lifecycle_metrics.json").toFile());
      assertEquals(20, summary.at("/load_summary/count").asInt(), summary.toString());
      resultsRebuildTheReports();
    }
  }

  @Test
  void sigtermWhileWritingTheReportsFinishesThemAndExits143() throws Exception {
    Path reports = Files.createDirectories(dir.resolve("reports"));
    Path html = reports.resolve("report.html");
    // report.html as a named pipe: writing it waits until someone reads, as on a stalled network disk
    assertEquals(0, new ProcessBuilder("mkfifo", html.toString()).start().waitFor());
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      String yaml = runConfig(sim.baseUrl(), "load: {type: constant, stages: [{rate: 20, duration: 1}]}");
      try (ChildRun child = start(yaml, Map.of())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.alive()
            && !Files.exists(reports.resolve("summary_lifecycle_metrics.json"))) {
          Thread.sleep(20);
        }
        assertTrue(child.alive() && Files.exists(reports.resolve("summary_lifecycle_metrics.json")),
            "the JSON reports are written and report.html waits: " + child.log());
        child.signal("TERM");
        child.awaitLog("SIGTERM received: stopping", 20);
        CompletableFuture<String> page = CompletableFuture.supplyAsync(() -> {
          try (InputStream in = Files.newInputStream(html)) { // the disk comes back
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertEquals(143, child.awaitExit(30), child.log());
        assertTrue(page.get(10, TimeUnit.SECONDS).contains("<html"), "report.html was written whole");
        assertTrue(child.log().contains("Reports in " + reports), child.log());
        child.assertNoStackTrace();
      }
      resultsRebuildTheReports();
    }
  }
}
