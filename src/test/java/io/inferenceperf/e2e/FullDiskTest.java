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
 * A full disk while the run writes, for real. The child JVM runs the tool as a user would, and its files meet either a
 * file size limit (RLIMIT_FSIZE, set by prlimit, no root needed: the kernel refuses writes past it with EFBIG, "File
 * too large") or a truly full disk: a tmpfs of 64 KiB mounted for the test ({@link SmallDisk}, root only,
 * skipped elsewhere saying why), which refuses writes with ENOSPC. Whichever file meets it first, the results file,
 * the per-request file or a scratch file of exact values, the run must stop sending, say which file and that the disk
 * is full, keep what was written and exit 1.
 */
class FullDiskTest {
  private static final long LIMIT_BYTES = 48 * 1024;

  @Test
  void aResultsFileThatCannotGrowStopsTheRunKeepsWhatWasWrittenAndExits1(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
        "needs util-linux prlimit to set the file size limit");
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      // Two tokens a request: the limit holds for every file, and this way the scratch files of exact values (blocks
      // of 128 KiB) get no block before the results file reaches it.
      Path config = Files.writeString(dir.resolve("config.yml"), """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed}
            output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
          load: {type: constant, stage_grace_period: 2, stages: [{rate: 300, duration: 60}]}
          """.formatted(sim.baseUrl()));
      Path reports = dir.resolve("reports");
      long startNanos = System.nanoTime();
      int exit;
      String log;
      try (ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of("prlimit", "--fsize=" + LIMIT_BYTES),
          List.of("-XX:-UsePerfData"), "-c", config.toString(), "--storage.local_storage.path",
          reports.toString())) {
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

  @Test
  void aFullDiskUnderTheReportFolderStopsTheRunSaysTheDiskIsFullAndExits1(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"));
        SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES)) {
      Path reports = disk.path().resolve("reports");
      Stopped run = runUntilStopped(sim, dir, reports, "", List.of());
      Path results = reports.resolve("results.jsonl.gz");
      assertTrue(run.log().contains("Cannot write the results file " + results + " (No space left on device: the disk"
          + " is full): stopping the run, nothing more is sent."), run.log());
      // The reports did not fit either: the last line says how to get them.
      assertTrue(run.log().strip().endsWith("Run stopped: the results file could not be written (No space left on"
          + " device). If a report is missing, free some space and run `inference-perf report " + reports + "`: it"
          + " rebuilds the reports from what the results file kept."), run.log());
      assertTrue(Files.size(results) <= DISK_BYTES, "the file grew until the disk was full");

      int kept = rebuiltRequests(results, dir.resolve("rebuilt"));
      assertTrue(kept > 50 && kept <= run.sent(), "the file keeps the requests flushed before the disk filled: "
          + kept + " of " + run.sent() + " sent");
    }
  }

  @Test
  void aFullDiskMetFirstByThePerRequestFileStopsTheRunAndTheResultsFileRebuildsIt(@TempDir Path dir)
      throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"));
        SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES)) {
      // The per-request file alone lives on the small disk (a link to it), so it is the first to find it full.
      Path reports = Files.createDirectories(dir.resolve("reports"));
      Path perRequest = reports.resolve("per_request_lifecycle_metrics.json");
      Path onTheSmallDisk = disk.path().resolve("per_request.json");
      Files.createSymbolicLink(perRequest, onTheSmallDisk);
      Stopped run = runUntilStopped(sim, dir, reports, "report: {request_lifecycle: {per_request: true}}", List.of());
      assertTrue(run.log().contains("Cannot write the per-request file " + perRequest + " (No space left on device:"
          + " the disk is full): stopping the run, nothing more is sent."), run.log());
      assertTrue(run.log().strip().endsWith("Run stopped: the per-request file could not be written (No space left"
          + " on device). The results file has every request measured: free some space and run `inference-perf"
          + " report " + reports + "` to rebuild the per-request file and any missing report."), run.log());

      int kept = completeEntries(onTheSmallDisk);
      JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
      int measured = summary.at("/load_summary/count").asInt();
      assertTrue(kept > 0 && kept < measured, "the file keeps the entries flushed before the disk filled: " + kept
          + " of " + measured);
      assertEquals(measured, rebuiltRequests(reports.resolve("results.jsonl.gz"), dir.resolve("rebuilt")),
          "the results file has every request the reports count");
      assertEquals(measured, completeEntries(dir.resolve("rebuilt").resolve("per_request_lifecycle_metrics.json")),
          "the rebuilt per-request file has them all");
    }
  }

  @Test
  void aFullDiskMetFirstByTheScratchFilesOfExactValuesStopsTheRunWithCompleteReports(@TempDir Path dir)
      throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"));
        SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES)) {
      Path reports = dir.resolve("reports");
      // 200 tokens a request: 199 inter-token latencies each, so the scratch file gets a block every 83 requests.
      String data = "data: {type: random, input_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed},"
          + " output_distribution: {min: 200, max: 200, mean: 200, std_dev: 0, type: fixed}}";
      Stopped run = runUntilStopped(sim, dir, reports, data, List.of("-Djava.io.tmpdir=" + disk.path()));
      assertTrue(run.log().contains("Cannot write the scratch file of exact values in " + disk.path() + " (No space"
          + " left on device: the disk is full): stopping the run, nothing more is sent. Every value measured is kept"
          + " (in memory from now on): the reports are complete."), run.log());
      assertTrue(run.log().strip().endsWith("Run stopped: the scratch file of exact values could not be written (No"
          + " space left on device). The reports hold every value measured; free some space or point java.io.tmpdir"
          + " at another disk."), run.log());
      JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
      int measured = summary.at("/load_summary/count").asInt();
      assertEquals(measured, rebuiltRequests(reports.resolve("results.jsonl.gz"), dir.resolve("rebuilt")),
          "the results file has every request the reports count");
      assertEquals(CliRunner.JSON.readTree(dir.resolve("rebuilt").resolve("summary_lifecycle_metrics.json").toFile())
          .at("/successes/latency/inter_token_latency"), summary.at("/successes/latency/inter_token_latency"),
          "the run's percentiles are exact: what a rebuild computes from every value");
    }
  }

  /** A tmpfs of 64 KiB: full within seconds of the run below, even on a busy machine. */
  private static final long DISK_BYTES = 64 * 1024;

  private record Stopped(String log, long sent) {}

  /**
   * Runs a 60 s stage at 300 req/s (mock data unless {@code extraYaml} has a data key) in a child JVM (with
   * {@code jvmOptions}) writing into {@code reports}, and checks
   * that a full disk stopped it: exit 1 long before the stage's end, nothing sent after, no stack trace.
   */
  private static Stopped runUntilStopped(RunningSimulator sim, Path dir, Path reports, String extraYaml,
      List<String> jvmOptions) throws Exception {
    Path config = Files.writeString(dir.resolve("config.yml"), """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        load: {type: constant, stage_grace_period: 2, stages: [{rate: 300, duration: 60}]}
        %s
        """.formatted(sim.baseUrl(), extraYaml.contains("data:") ? extraYaml : extraYaml + "\ndata: {type: mock}"));
    long startNanos = System.nanoTime();
    List<String> jvm = new java.util.ArrayList<>(List.of("-XX:-UsePerfData"));
    jvm.addAll(jvmOptions);
    try (ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of(), jvm, "-c", config.toString(),
        "--storage.local_storage.path", reports.toString())) {
      int exit = child.awaitExit(50);
      String log = child.log();
      child.assertNoStackTrace();
      assertEquals(1, exit, log);
      long tookSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
      assertTrue(tookSeconds < 45, "stopped long before the 60 s stage ends: " + tookSeconds + " s");
      long sent = sim.truth().snapshot().requests();
      assertTrue(sent < 300 * 40, "stopped sending: " + sent + " of 18000 planned requests");
      Thread.sleep(300);
      assertEquals(sent, sim.truth().snapshot().requests(), "nothing sent after the exit");
      return new Stopped(log, sent);
    }
  }

  /** Rebuilds the reports from {@code results} into {@code folder}; the requests they count. */
  private static int rebuiltRequests(Path results, Path folder) throws Exception {
    CliRunner.Output report = CliRunner.cli("report", results.toString(), "--output", folder.toString());
    assertEquals(0, report.code(), report.err());
    JsonNode summary = CliRunner.JSON.readTree(folder.resolve("summary_lifecycle_metrics.json").toFile());
    return summary.at("/load_summary/count").asInt();
  }

  /** The entries of a per-request file that are complete lines (one entry a line; a cut file lacks its end). */
  private static int completeEntries(Path perRequest) throws Exception {
    int entries = 0;
    for (String line : Files.readAllLines(perRequest)) {
      String entry = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
      if (!entry.startsWith("{")) continue;
      try {
        CliRunner.JSON.readTree(entry);
        entries++;
      } catch (com.fasterxml.jackson.core.JsonProcessingException cut) {
        // the last entry, cut where the disk filled
      }
    }
    return entries;
  }
}
