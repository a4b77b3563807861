package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Target 5: {@code --duration} seconds (default 300) at {@code --rate} (default 1000 req/s) after a warm-up stage;
 * the largest schedule delay of the measured stage must stay within 10 ms (no long GC or JIT pause on the timing
 * path). Also shows the TTFT/ITL maxima against the simulator's, and the GC pauses the tool saw.
 */
final class PauseMode {
  private final PerfHarness harness;
  private final SimulatorProcess sim;

  PauseMode(PerfHarness harness, SimulatorProcess sim) {
    this.harness = harness;
    this.sim = sim;
  }

  boolean run() throws Exception {
    HarnessOptions options = harness.options();
    PrintStream out = harness.out();
    out.printf(Locale.ROOT, "Pauses: %s s at %s req/s after a %s s warm-up%n%n", PerfHarness.fmt(options.durationSeconds()),
        PerfHarness.fmt(options.rate()), PerfHarness.fmt(options.warmupSeconds()));
    Path dir = options.outDir().resolve("pauses");
    Files.createDirectories(dir);
    Path config = harness.writeConfig(dir, sim.baseUrl(), List.of(new double[] {options.rate(), options.warmupSeconds()},
        new double[] {options.rate(), options.durationSeconds()}), false);
    double busyBefore = Machine.waitForIdle(options.idleBusyPercent(), options.idleWaitSeconds());
    AtomicLong resetAt = new AtomicLong();
    ClientProcess.Outcome outcome = harness.runClient(dir, config, line -> {
      if (line.contains("stage 1 starting")) {
        try {
          sim.resetTruth();
          harness.stalls().reset();
          resetAt.set(System.nanoTime());
        } catch (IOException | InterruptedException e) {
          System.err.println("harness: cannot reset the truth: " + e);
        }
      }
    }, (long) (options.warmupSeconds() + options.durationSeconds()) + 120);
    Path report = dir.resolve("reports/stage_1_lifecycle_metrics.json");
    if (outcome.exitCode() != 0 || !Files.exists(report)) {
      throw new IOException("client run failed (exit " + outcome.exitCode() + "); see " + dir);
    }
    double[] stall = harness.stalls().p99AndMaxMillis();
    JsonNode stage = PerfHarness.JSON.readTree(report.toFile());
    JsonNode truth = sim.truth();
    JsonNode delay = stage.path("load_summary").path("schedule_delay");
    JsonNode latency = stage.path("successes").path("latency");
    JsonNode resources = stage.path("client_resources");
    double maxDelayMs = delay.path("max").asDouble() * 1e3;
    out.println("| requests | achieved req/s | sched. delay p50 / p99 / p99.9 / max (ms) | TTFT max client / truth (ms) "
        + "| ITL max client / truth (ms) | GC pauses (total / max ms) | client CPU us/req | busy before / load after | machine stall p99 / max (ms) |");
    out.println("|---:|---:|---|---|---|---|---:|---|---|");
    out.printf(Locale.ROOT, "| %d | %.1f | %.3f / %.3f / %.3f / %.2f | %.2f / %.2f | %.2f / %.2f | %d (%.0f / %.0f) "
            + "| %.0f | %.0f%% / %.1f | %.2f / %.1f |%n",
        stage.path("load_summary").path("count").asLong(), stage.path("load_summary").path("achieved_rate").asDouble(),
        delay.path("median").asDouble() * 1e3, delay.path("p99").asDouble() * 1e3,
        delay.path("p99.9").asDouble() * 1e3, maxDelayMs,
        latency.path("time_to_first_token").path("max").asDouble() * 1e3, truth.path("ttft").path("max_ms").asDouble(),
        latency.path("inter_token_latency").path("max").asDouble() * 1e3, truth.path("itl").path("max_ms").asDouble(),
        resources.path("gc_pauses").asInt(), resources.path("gc_pause_total_seconds").asDouble() * 1e3,
        resources.path("gc_pause_max_seconds").asDouble() * 1e3,
        resources.path("cpu_microseconds_per_request").asDouble(), busyBefore, Machine.loadAverage(), stall[0],
        stall[1]);
    boolean ok = maxDelayMs <= PerfHarness.PAUSE_TARGET_MS;
    out.println();
    out.println("| target | measured | verdict |");
    out.println("|---|---|---|");
    out.printf(Locale.ROOT, "| 5. largest schedule delay over %s s at %s req/s <= %.0f ms | %.2f ms (machine stall "
            + "max %.1f ms) | %s |%n",
        PerfHarness.fmt(options.durationSeconds()), PerfHarness.fmt(options.rate()), PerfHarness.PAUSE_TARGET_MS,
        maxDelayMs, stall[1], HarnessTable.verdict(ok));
    return ok;
  }
}
