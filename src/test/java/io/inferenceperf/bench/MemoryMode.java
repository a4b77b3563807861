package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Target 4: a run of {@code --requests} requests (default 1,000,000) with per_request off at {@code --rate}, then
 * the same with per_request on at {@code --per-request-rate} (default 2000: writing the entries costs CPU, and a
 * machine that cannot keep up queues records in memory, which is not what this run measures). With per_request
 * off, peak RSS must stay within 512 MB; with it on, the per-request file must hold every request and RSS must stay
 * flat (the second half of the run may not grow beyond the first half's peak by more than 10% + 16 MB). An
 * unmeasured {@code --warmup} run (default 30 s) warms the fresh simulator first.
 */
final class MemoryMode {
  private final PerfHarness harness;
  private final SimulatorProcess sim;

  MemoryMode(PerfHarness harness, SimulatorProcess sim) {
    this.harness = harness;
    this.sim = sim;
  }

  /** What one memory run showed. */
  record MemoryRun(boolean perRequest, long requests, double achievedRate, double delayP99Ms, double delayMaxMs,
      double cpuMicrosPerRequest, long toolPeakRss, long externalPeakRss, long firstHalfPeak, long secondHalfPeak,
      long perRequestFileBytes, long perRequestLines, double wallSeconds, double busyBeforePercent) {

    boolean withinRss() {
      return Math.max(toolPeakRss, externalPeakRss) <= PerfHarness.RSS_TARGET_BYTES;
    }

    boolean flat() {
      return secondHalfPeak <= firstHalfPeak * 1.10 + 16 * 1024 * 1024;
    }
  }

  boolean run() throws Exception {
    HarnessOptions options = harness.options();
    PrintStream out = harness.out();
    double seconds = Math.ceil(options.requests() / options.rate());
    double perRequestRate = Math.min(options.rate(), options.perRequestRate());
    double perRequestSeconds = Math.ceil(options.requests() / perRequestRate);
    out.printf(Locale.ROOT, "Memory: %d requests at %s req/s (%s s) with per_request off, then at %s req/s (%s s) "
            + "with per_request on%n%n", options.requests(), PerfHarness.fmt(options.rate()), PerfHarness.fmt(seconds),
        PerfHarness.fmt(perRequestRate), PerfHarness.fmt(perRequestSeconds));
    warmSimulator(options.rate(), options.warmupSeconds());
    out.println("| per_request | requests | achieved req/s | sched. delay p99 / max (ms) | CPU us/req (whole run) "
        + "| peak RSS MB (tool / outside) | RSS peak 1st half / 2nd half MB | per-request file | wall s | busy before |");
    out.println("|---|---:|---:|---|---:|---|---|---|---:|---:|");
    MemoryRun off = runOnce(false, options.rate(), seconds);
    out.println(row(off));
    MemoryRun on = runOnce(true, perRequestRate, perRequestSeconds);
    out.println(row(on));
    boolean completeFile = on.perRequestLines() == on.requests();
    // The 512 MB bound is for per_request off; with it on, the entries must stream out (all on disk, RSS flat).
    boolean ok = off.withinRss() && on.flat() && completeFile;
    out.println();
    out.println("| target | measured | verdict |");
    out.println("|---|---|---|");
    out.printf(Locale.ROOT, "| 4. %d requests with per_request off: peak RSS <= 512 MB; on: entries stream to disk, "
            + "RSS flat | off: %d MB; on: peak %d MB, 2nd-half peak %d MB vs 1st-half %d MB, file %d of %d records "
            + "| %s |%n",
        options.requests(), mb(Math.max(off.toolPeakRss(), off.externalPeakRss())),
        mb(Math.max(on.toolPeakRss(), on.externalPeakRss())), mb(on.secondHalfPeak()), mb(on.firstHalfPeak()),
        on.perRequestLines(), on.requests(), HarnessTable.verdict(ok));
    return ok;
  }

  /**
   * An unmeasured client run against the freshly started simulator: without it the simulator's JIT compiles during
   * the first measured run, on the same two cores, and the client falls behind for its first seconds (a 1 s schedule
   * delay that says nothing about the client's memory).
   */
  private void warmSimulator(double rate, double seconds) throws Exception {
    if (seconds <= 0) return;
    Path dir = harness.options().outDir().resolve("memory-simulator-warmup");
    Files.createDirectories(dir);
    Path config = harness.writeConfig(dir, sim.baseUrl(), List.of(new double[] {rate, seconds}), false);
    ClientProcess.Outcome outcome = harness.runClient(dir, config, line -> {}, (long) seconds + 120);
    harness.out().printf(Locale.ROOT, "(simulator warmed by an unmeasured %s s run at %s req/s, exit %d)%n%n",
        PerfHarness.fmt(seconds), PerfHarness.fmt(rate), outcome.exitCode());
  }

  private MemoryRun runOnce(boolean perRequest, double rate, double seconds) throws Exception {
    HarnessOptions options = harness.options();
    Path dir = options.outDir().resolve(perRequest ? "memory-per-request" : "memory");
    Files.createDirectories(dir);
    Path config = harness.writeConfig(dir, sim.baseUrl(), List.of(new double[] {rate, seconds}), perRequest);
    double busyBefore = Machine.waitForIdle(options.idleBusyPercent(), options.idleWaitSeconds());
    sim.resetTruth();
    ClientProcess.Outcome outcome = harness.runClient(dir, config, line -> {}, (long) seconds + 300);
    Path reports = dir.resolve("reports");
    Path stage = reports.resolve("stage_0_lifecycle_metrics.json");
    if (outcome.exitCode() != 0 || !Files.exists(stage)) {
      throw new IOException("client run failed (exit " + outcome.exitCode() + "); see " + dir);
    }
    JsonNode stageJson = PerfHarness.JSON.readTree(stage.toFile());
    JsonNode summary = PerfHarness.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
    long[] halves = halfPeaks(outcome.rssTimeline());
    writeTimeline(dir.resolve("rss.csv"), outcome.rssTimeline());
    Path perRequestFile = reports.resolve("per_request_lifecycle_metrics.json");
    long fileBytes = perRequest && Files.exists(perRequestFile) ? Files.size(perRequestFile) : 0;
    long lines = perRequest && Files.exists(perRequestFile) ? countRecords(perRequestFile) : 0;
    if (perRequest && !options.keepPerRequestFile()) Files.deleteIfExists(perRequestFile); // ~16 KB per request
    JsonNode load = stageJson.path("load_summary");
    return new MemoryRun(perRequest, load.path("count").asLong(), load.path("achieved_rate").asDouble(),
        load.path("schedule_delay").path("p99").asDouble() * 1e3, load.path("schedule_delay").path("max").asDouble() * 1e3,
        summary.path("client_resources").path("cpu_microseconds_per_request").asDouble(Double.NaN),
        summary.path("client_resources").path("peak_rss_bytes").asLong(-1), outcome.peakRssBytes(), halves[0],
        halves[1], fileBytes, lines, outcome.wallSeconds(), busyBefore);
  }

  /** Peak RSS over the first and the second half of the samples taken while the run was sending. */
  static long[] halfPeaks(List<long[]> timeline) {
    long first = 0;
    long second = 0;
    int n = timeline.size();
    for (int i = 0; i < n; i++) {
      long rss = timeline.get(i)[1];
      if (i < n / 2) first = Math.max(first, rss);
      else second = Math.max(second, rss);
    }
    return new long[] {first, second};
  }

  /** The RSS samples as CSV (milliseconds since start, bytes), for plotting. */
  private static void writeTimeline(Path file, List<long[]> timeline) throws IOException {
    StringBuilder csv = new StringBuilder("millis,rss_bytes\n");
    for (long[] sample : timeline) csv.append(sample[0]).append(',').append(sample[1]).append('\n');
    Files.writeString(file, csv);
  }

  /** Records in the per-request file: one JSON object per line inside the array (the writer's layout). */
  private static long countRecords(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.filter(line -> line.stripLeading().startsWith("{")).count();
    }
  }

  private static String row(MemoryRun r) {
    return String.format(Locale.ROOT, "| %s | %d | %.1f | %.3f / %.1f | %.0f | %d / %d | %d / %d | %s | %.0f | %.0f%% |",
        r.perRequest() ? "on" : "off", r.requests(), r.achievedRate(), r.delayP99Ms(), r.delayMaxMs(),
        r.cpuMicrosPerRequest(), mb(r.toolPeakRss()), mb(r.externalPeakRss()), mb(r.firstHalfPeak()),
        mb(r.secondHalfPeak()), r.perRequest() ? mb(r.perRequestFileBytes()) + " MB, " + r.perRequestLines()
            + " records" : "-", r.wallSeconds(), r.busyBeforePercent());
  }

  static long mb(long bytes) {
    return bytes < 0 ? -1 : bytes / (1024 * 1024);
  }
}
