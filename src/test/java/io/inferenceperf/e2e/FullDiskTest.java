package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results file stops being writable mid-run, for real: the child runs under a file size limit (RLIMIT_FSIZE,
 * set by prlimit, no root needed), so the kernel refuses writes past 48 KiB with EFBIG ("File too large") as it
 * refuses them on a full disk with ENOSPC; the tool takes both the same way (an IOException from the file). A
 * truly full disk would need a small file system mounted, which only root can do. The run must stop sending, say
 * so, keep what was written (the report command rebuilds the reports from the file) and exit 1.
 */
class FullDiskTest {
  private static final long LIMIT_BYTES = 48 * 1024;

  @Test
  void aResultsFileThatCannotGrowStopsTheRunKeepsWhatWasWrittenAndExits1(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
        "needs util-linux prlimit to set the file size limit");
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      Path config = Files.writeString(dir.resolve("config.yml"), """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data: {type: mock}
          load: {type: constant, stage_grace_period: 2, stages: [{rate: 300, duration: 60}]}
          """.formatted(sim.baseUrl()));
      Path reports = dir.resolve("reports");
      long startNanos = System.nanoTime();
      int exit;
      String log;
      try (ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of("prlimit", "--fsize=" + LIMIT_BYTES),
          List.of("-XX:-UsePerfData"), "-c", config.toString(), "--storage.local_storage.path", reports.toString())) {
        exit = child.awaitExit(50);
        log = child.log();
        child.assertNoStackTrace();
      }
      long tookSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
      assertEquals(1, exit, log);
      Path results = reports.resolve("results.jsonl.gz");
      assertTrue(log.contains("Cannot write the results file " + results + " (File too large; is the disk full?):"
          + " stopping the run, nothing more is sent."), log);
      assertTrue(log.contains("Run stopped: the results file could not be written (File too large). If a report is"
          + " missing, free some space and run `inference-perf report " + reports + "`"), log);
      assertTrue(tookSeconds < 45, "stopped long before the 60 s stage ends: " + tookSeconds + " s");
      long sent = sim.truth().snapshot().requests();
      assertTrue(sent < 300 * 40, "stopped sending: " + sent + " of 18000 planned requests");
      Thread.sleep(300);
      assertEquals(sent, sim.truth().snapshot().requests(), "nothing sent after the exit");
      assertEquals(LIMIT_BYTES, Files.size(results), "the file grew to the limit and no further");

      Path rebuilt = dir.resolve("rebuilt");
      // The limit may also have refused a report (report.html is larger than 48 KiB): the file rebuilds them all.
      CliRunner.Output report = CliRunner.cli("report", results.toString(), "--output", rebuilt.toString());
      assertEquals(0, report.code(), report.err());
      JsonNode summary = CliRunner.JSON.readTree(rebuilt.resolve("summary_lifecycle_metrics.json").toFile());
      int kept = summary.at("/load_summary/count").asInt();
      assertTrue(kept > 100 && kept <= sent, "the file keeps the requests flushed before the limit: " + kept
          + " of " + sent + " sent");
    }
  }
}
