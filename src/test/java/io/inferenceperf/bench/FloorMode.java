package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20's yardstick: the tool's CPU per request as a ratio to the floor's ({@link FloorClient}), both run as their
 * own processes, alternating (floor, tool, floor, tool, ...) at the same rate against the same server, warm-up
 * excluded: the floor counts its measured window only, the tool its measured stage's {@code client_resources}.
 * Ratios hold on a noisy machine where absolute times do not. Servers: the simulator, then the kernel-stamped
 * minimal server ({@code transport.MinimalStreamServer}). {@code --max-ratio R} makes the mode fail when any median
 * ratio exceeds R (the regression gate: run it before each performance change).
 *
 * <p>Each run also checks that the server kept its schedule: both clients' median request latency within 5 % of
 * TTFT + (tokens - 1) x ITL, and no request failed or lost. A server that falls behind (its machine's cores are full)
 * sends its events late and in bursts, and a client then reads several per wake-up, so its CPU per request falls for
 * a reason that is not its own: such a row is printed with the latencies and left out of the gates. So is a row where
 * the tool read most responses late (its cores were full: it read several events per wake-up, and cheaply).
 */
final class FloorMode {
  private final PerfHarness harness;
  private final SimulatorProcess sim;

  FloorMode(PerfHarness harness, SimulatorProcess sim) {
    this.harness = harness;
    this.sim = sim;
  }

  /**
   * What one run of either client measured: CPU per request, median request latency, requests lost or failed, and
   * the median over requests of how late the client read their bytes (the tool's {@code client_health.read_lateness};
   * -1 when not known).
   */
  record Run(double cpuMicros, double latencyP50Millis, long failed, double readLatenessP50Millis) {
    Run(double cpuMicros, double latencyP50Millis, long failed) {
      this(cpuMicros, latencyP50Millis, failed, -1);
    }
  }

  /**
   * Past this median read lateness the tool read most responses late, several events per wake-up: its cores were full
   * (2,000 req/s on two shared cores: 2.8-16 ms), not a few stalls (400-1,000 req/s: 0.17-0.5 ms, whatever its
   * client_health says about a handful of requests).
   */
  static final double LATE_READS_P50_MILLIS = 1.0;

  /**
   * One server's row at one rate: CPU per request of each run, the highest median request latency each client saw
   * over its runs, and why the server did not keep its schedule (null when it did).
   */
  record Row(String server, double rate, double[] floorMicros, double[] toolMicros, double floorLatencyMillis,
      double toolLatencyMillis, String behindSchedule) {
    Row(String server, double rate, double[] floorMicros, double[] toolMicros) {
      this(server, rate, floorMicros, toolMicros, SCHEDULED_LATENCY_MILLIS, SCHEDULED_LATENCY_MILLIS, null);
    }

    double ratio() {
      return median(toolMicros) / median(floorMicros);
    }

    /**
     * Whether the server kept its schedule in every run, and the tool its own (else {@link #behindSchedule} says
     * how one did not).
     */
    boolean onSchedule() {
      return behindSchedule == null;
    }

    /** The table's schedule cell: both clients' latency, and the verdict. */
    String scheduleCell() {
      String latencies = String.format(Locale.ROOT, "p50 %.1f / %.1f ms", floorLatencyMillis, toolLatencyMillis);
      return onSchedule() ? "kept (" + latencies + ")" : "behind (" + behindSchedule + "; " + latencies
          + "): not gated";
    }
  }

  /** The request latency the harness's schedule gives: the first event at TTFT, then one every ITL. */
  static final double SCHEDULED_LATENCY_MILLIS =
      PerfHarness.TTFT_MS + (PerfHarness.OUTPUT_TOKENS - 1) * PerfHarness.ITL_MS;

  /** Why a run shows its server behind the schedule, or null when it kept it. */
  static String scheduleProblem(String client, Run run) {
    if (run.failed() > 0) return client + ": " + run.failed() + " requests failed or lost";
    if (run.latencyP50Millis() > SCHEDULED_LATENCY_MILLIS * 1.05) {
      return String.format(Locale.ROOT, "%s: request latency p50 %.1f ms, scheduled %.0f ms", client,
          run.latencyP50Millis(), SCHEDULED_LATENCY_MILLIS);
    }
    if (run.readLatenessP50Millis() > LATE_READS_P50_MILLIS) {
      // A client that reads late reads several events per wake-up, so its CPU per request is not its cost on schedule.
      return String.format(Locale.ROOT, "%s: read late, read lateness p50 %.1f ms", client,
          run.readLatenessP50Millis());
    }
    return null;
  }

  boolean run() throws Exception {
    HarnessOptions options = harness.options();
    PrintStream out = harness.out();
    // Read first: a baseline that cannot be read should stop the mode before half an hour of runs.
    FloorBaseline baseline = options.baseline() == null ? null : FloorBaseline.read(options.baseline());
    String incomparable = baseline == null ? null
        : baseline.incomparable(options.warmupSeconds(), options.durationSeconds());
    if (incomparable != null) {
      out.println("Gate against " + options.baseline() + ": not run: " + incomparable);
      return false;
    }
    out.printf(Locale.ROOT, "Floor: rates %s req/s, %d rounds of floor and tool alternating, %s s warm-up + %s s"
        + " measured each%n%n", options.rates(), options.rounds(), PerfHarness.fmt(options.warmupSeconds()),
        PerfHarness.fmt(options.durationSeconds()));
    out.println("| server | req/s | floor CPU us/req (runs) | tool CPU us/req (runs) | ratio (medians) "
        + "| schedule (request latency, floor / tool) |");
    out.println("|---|---:|---|---|---:|---|");
    List<Row> rows = new ArrayList<>();
    for (double rate : options.rates()) rows.add(measure("simulator", sim.baseUrl(), rate));
    try (MinimalServer minimal = MinimalServer.start(options)) {
      for (double rate : options.rates()) rows.add(measure("minimal", minimal.baseUrl, rate));
    }
    boolean ok = true;
    for (Row row : rows) {
      out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |", row.server(),
          PerfHarness.fmt(row.rate()), runs(row.floorMicros()), runs(row.toolMicros()), row.ratio(),
          row.scheduleCell()));
      ok &= !(options.maxRatio() > 0 && row.onSchedule() && row.ratio() > options.maxRatio());
    }
    if (options.maxRatio() > 0) {
      out.printf(Locale.ROOT, "%nGate: every median ratio <= %.2f (rows whose server kept its schedule): %s%n",
          options.maxRatio(), ok ? "PASS" : "FAIL");
    }
    if (baseline != null) ok &= againstBaseline(baseline, rows, out);
    if (options.recordBaseline() != null) {
      FloorBaseline.write(options.recordBaseline(), rows, String.format(Locale.ROOT,
          "recorded %s, %d rounds of %s s, load average before the last run %s", java.time.Instant.now(),
          options.rounds(), PerfHarness.fmt(options.durationSeconds()), Machine.loadAverage()),
          options.warmupSeconds(), options.durationSeconds());
      out.println("Baseline written to " + options.recordBaseline());
    }
    return ok;
  }

  /** The regression gate: each row against its recorded ratio; false when one is more than the tolerance above. */
  private boolean againstBaseline(FloorBaseline baseline, List<Row> rows, PrintStream out) {
    double tolerance = harness.options().tolerance();
    boolean ok = true;
    out.printf(Locale.ROOT, "%nGate against %s (a ratio may exceed its recorded one by %.0f%%):%n",
        harness.options().baseline(), tolerance * 100);
    for (Row row : rows) {
      Double recorded = baseline.ratio(row.server(), row.rate());
      if (!row.onSchedule()) {
        out.printf(Locale.ROOT, "  %s %s req/s: not gated (%s)%n", row.server(), PerfHarness.fmt(row.rate()),
            row.behindSchedule());
        continue;
      }
      String regression = baseline.regression(row, tolerance);
      String verdict = recorded == null ? "no recorded ratio, not gated"
          : regression == null ? String.format(Locale.ROOT, "%.2f against %.2f: PASS", row.ratio(), recorded)
          : regression + ": FAIL";
      out.printf(Locale.ROOT, "  %s %s req/s: %s%n", row.server(), PerfHarness.fmt(row.rate()), verdict);
      ok &= regression == null;
    }
    out.println("Gate: " + (ok ? "PASS" : "FAIL"));
    return ok;
  }

  private Row measure(String server, String baseUrl, double rate) throws Exception {
    HarnessOptions options = harness.options();
    double[] floor = new double[options.rounds()];
    double[] tool = new double[options.rounds()];
    String behind = null;
    double floorLatency = 0;
    double toolLatency = 0;
    for (int round = 0; round < options.rounds(); round++) {
      Machine.waitForIdle(options.idleBusyPercent(), options.idleWaitSeconds());
      Run floorRun = floor(baseUrl, rate);
      Machine.waitForIdle(options.idleBusyPercent(), options.idleWaitSeconds());
      Run toolRun = tool(server + "-" + PerfHarness.fmt(rate) + "-" + round, baseUrl, rate);
      floor[round] = floorRun.cpuMicros();
      tool[round] = toolRun.cpuMicros();
      floorLatency = Math.max(floorLatency, floorRun.latencyP50Millis());
      toolLatency = Math.max(toolLatency, toolRun.latencyP50Millis());
      for (String problem : new String[] {scheduleProblem("floor", floorRun), scheduleProblem("tool", toolRun)}) {
        if (problem != null && behind == null) behind = problem;
      }
    }
    return new Row(server, rate, floor, tool, floorLatency, toolLatency, behind);
  }

  private Run floor(String baseUrl, double rate) throws IOException, InterruptedException {
    HarnessOptions options = harness.options();
    String hostPort = baseUrl.substring(baseUrl.indexOf("//") + 2);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(Nice.prefix(options.nice()));
    command.addAll(List.of(java, "-XX:+UseZGC", "-Xms256m", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        FloorClient.class.getName(), hostPort.substring(0, hostPort.indexOf(':')),
        hostPort.substring(hostPort.indexOf(':') + 1), PerfHarness.fmt(rate),
        PerfHarness.fmt(options.warmupSeconds()), PerfHarness.fmt(options.durationSeconds())));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    ArrayDeque<String> last = new ArrayDeque<>(); // what it said last, for a failure
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("floor ")) result = line;
        if (last.size() == 20) last.removeFirst();
        last.addLast(line);
      }
    }
    process.waitFor(30, TimeUnit.SECONDS);
    if (result == null) {
      throw new IOException("the floor client printed no result (exit "
          + (process.isAlive() ? "none yet" : process.exitValue()) + "); its last lines:\n" + String.join("\n", last));
    }
    long lost = Long.parseLong(field(result, "lost"));
    if (lost != 0) System.out.println("  note: " + result + " (connections the server reset)");
    return new Run(Double.parseDouble(field(result, "us_per_request")),
        Double.parseDouble(field(result, "latency_p50_ms")), lost);
  }

  /** The value of {@code name=value} in a space-separated result line. */
  static String field(String line, String name) {
    int start = line.indexOf(name + "=") + name.length() + 1;
    int end = line.indexOf(' ', start);
    return end < 0 ? line.substring(start) : line.substring(start, end);
  }

  private Run tool(String name, String baseUrl, double rate) throws Exception {
    HarnessOptions options = harness.options();
    Path dir = options.outDir().resolve("floor-" + name);
    Files.createDirectories(dir);
    Path config = harness.writeConfig(dir, baseUrl, List.of(new double[] {rate, options.warmupSeconds()},
        new double[] {rate, options.durationSeconds()}), false);
    ClientProcess.Outcome outcome = harness.runClient(dir, config, line -> { },
        (long) (options.warmupSeconds() + options.durationSeconds()) + 120);
    Path report = dir.resolve("reports/stage_1_lifecycle_metrics.json");
    if (outcome.exitCode() != 0 || !Files.exists(report)) {
      throw new IOException("client run failed (exit " + outcome.exitCode() + "); see " + dir);
    }
    JsonNode stage = PerfHarness.JSON.readTree(report.toFile());
    JsonNode lateness = stage.at("/client_health/read_lateness/median");
    return new Run(stage.at("/client_resources/cpu_microseconds_per_request").asDouble(),
        stage.at("/successes/latency/request_latency/median").asDouble() * 1000, stage.at("/failures/count").asLong(),
        lateness.isNumber() ? lateness.asDouble() * 1000 : -1);
  }

  private static String runs(double[] values) {
    return String.join(" / ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * A second, minimal server in its own process ({@code transport.MinimalStreamServer}: one thread, one epoll set,
   * the same schedule and events as the simulator's fixed profile). Until 7 Dec 2026 this was the accuracy test's
   * server, a thread per connection that spins before each event: it fell behind at 2,000 req/s (1.4 s request
   * latency, resets) and took most of a core at 400, so its rows measured its own saturation.
   */
  private static final class MinimalServer implements AutoCloseable {
    private final Process process;
    final String baseUrl;

    private MinimalServer(Process process, String baseUrl) {
      this.process = process;
      this.baseUrl = baseUrl;
    }

    static MinimalServer start(HarnessOptions options) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(Nice.prefix(options.nice()));
      command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          "io.inferenceperf.transport.MinimalStreamServer", PerfHarness.fmt(PerfHarness.TTFT_MS),
          PerfHarness.fmt(PerfHarness.ITL_MS), Integer.toString(PerfHarness.OUTPUT_TOKENS)));
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      if (first == null || !first.startsWith("port ")) throw new IOException("the minimal server did not start");
      return new MinimalServer(process, "http://127.0.0.1:" + first.substring(5));
    }

    @Override
    public void close() {
      process.destroy();
    }
  }
}
