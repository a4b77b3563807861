package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The performance harness of issue 6: drives the tool (the {@code inference-perf} launcher, one process per run)
 * against the simulator (its own process: fixed profile, TTFT 50 ms, ITL 10 ms, 32 output tokens) and prints
 * markdown tables with a PASS/FAIL line per target. Not a unit test: run it with {@code scripts/perf-harness.sh}
 * (see {@link HarnessOptions#USAGE}) on an otherwise quiet machine.
 *
 * <p>Ladder rungs have two stages: a warm-up at the rung's rate (JIT and connection pool), then the measured
 * stage. The simulator's truth is reset when the tool logs "stage 1 starting" (no request is in flight then: the
 * warm-up's last responses end within 0.4 s and stages are 1 s apart), so truth and report cover the same
 * requests; the harness checks that the counts agree.
 */
public final class PerfHarness {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double TTFT_MS = 50;
  static final double ITL_MS = 10;
  static final int OUTPUT_TOKENS = 32;
  static final int INPUT_TOKENS = 64;
  static final double CPU_TARGET_MICROS = 150;
  static final double REFERENCE_RATE = 2000;
  static final double GOAL_RATE = 4000;
  static final long RSS_TARGET_BYTES = 512L * 1024 * 1024;
  static final double PAUSE_TARGET_MS = 10;

  private final HarnessOptions options;
  private final PrintStream out;
  private final StallProbe stalls = new StallProbe();

  private PerfHarness(HarnessOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("harness.root", ".")).toAbsolutePath().normalize();
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args, root);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) System.err.println(e.getMessage());
      System.err.print(HarnessOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    Files.createDirectories(options.outDir());
    boolean ok = new PerfHarness(options, System.out).run();
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    out.println("<!-- " + Machine.describe() + " -->");
    out.println("Output folder: " + options.outDir());
    if (options.nice() != 0) {
      out.println("Client and simulator run under nice -n " + options.nice() + " (shielded from other work)");
    }
    try (SimulatorProcess sim = startSimulator()) {
      out.println("Simulator: " + sim.baseUrl() + " (pid " + sim.pid() + ", " + options.simThreads()
          + " event loop(s))");
      return switch (options.mode()) {
        case "memory" -> new MemoryMode(this, sim).run();
        case "pauses" -> new PauseMode(this, sim).run();
        case "floor" -> new FloorMode(this, sim).run();
        default -> ladder(sim);
      };
    }
  }

  private SimulatorProcess startSimulator() throws IOException {
    List<String> simOptions = List.of("--profile", "fixed", "--ttft_ms", fmt(TTFT_MS), "--itl_ms", fmt(ITL_MS),
        "--threads", Integer.toString(options.simThreads()), "--tokens_per_event", "1");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = List.of("-XX:+UseZGC", "-Xms256m", "-Xmx1g", "-XX:+AlwaysPreTouch");
    return SimulatorProcess.start(options.root(), java, jvm, simOptions, options.nice(),
        options.outDir().resolve("simulator.log"));
  }

  // ---- ladder -------------------------------------------------------------------------------------------------

  private boolean ladder(SimulatorProcess sim) throws Exception {
    out.printf(Locale.ROOT, "Ladder: %s req/s, %s s warm-up + %s s measured per rung%n%n", options.rates(),
        fmt(options.warmupSeconds()), fmt(options.durationSeconds()));
    out.println(HarnessTable.LADDER_HEADER);
    List<RungResult> results = new ArrayList<>();
    int failedInARow = 0;
    for (double rate : options.rates()) {
      RungResult rung = rung(sim, rate);
      results.add(rung);
      out.println(HarnessTable.ladderRow(rung));
      failedInARow = rung.passes(RungResult.Criteria.ISSUE_6) ? 0 : failedInARow + 1;
      if (failedInARow >= 2 && !options.keepGoing()) {
        out.println("(two rungs in a row missed the criteria: stopping; --keep-going runs every rung)");
        break;
      }
    }
    out.println();
    out.println(HarnessTable.ladderNotes(results));
    return HarnessTable.ladderTargets(results, out);
  }

  private RungResult rung(SimulatorProcess sim, double rate) throws Exception {
    String name = "rung-" + fmt(rate);
    Path dir = options.outDir().resolve(name);
    Files.createDirectories(dir);
    List<double[]> stages = List.of(new double[] {rate, options.warmupSeconds()},
        new double[] {rate, options.durationSeconds()});
    Path config = writeConfig(dir, sim.baseUrl(), stages, false);
    double busyBefore = Machine.waitForIdle(options.idleBusyPercent(), options.idleWaitSeconds());
    sim.resetTruth();
    AtomicLong simCpuAtStart = new AtomicLong(-1);
    AtomicReference<long[]> machineAtStart = new AtomicReference<>();
    ClientProcess.Outcome outcome = runClient(dir, config, line -> {
      if (line.contains("stage 1 starting")) {
        try {
          sim.resetTruth();
          simCpuAtStart.set(sim.cpuNanos());
          machineAtStart.set(Machine.cpuTicks());
          stalls.reset();
        } catch (IOException | InterruptedException e) {
          System.err.println("harness: cannot reset the truth: " + e);
        }
      }
    }, (long) (options.warmupSeconds() + options.durationSeconds()) + 120);
    double[] stall = stalls.p99AndMaxMillis();
    long simCpuAtEnd = sim.cpuNanos();
    long[] machineAtEnd = Machine.cpuTicks();
    JsonNode truth = sim.truth();
    Path report = dir.resolve("reports/stage_1_lifecycle_metrics.json");
    if (outcome.exitCode() != 0 || !Files.exists(report)) {
      throw new IOException("client run failed (exit " + outcome.exitCode() + "); see " + dir);
    }
    double simCpuSeconds = simCpuAtStart.get() < 0 ? Double.NaN : (simCpuAtEnd - simCpuAtStart.get()) / 1e9;
    return RungResult.of(JSON.readTree(report.toFile()), truth, simCpuSeconds, busyBefore,
        Machine.busySeconds(machineAtStart.get(), machineAtEnd), Machine.loadAverage(), stall);
  }

  // ---- shared -------------------------------------------------------------------------------------------------

  ClientProcess.Outcome runClient(Path dir, Path config, java.util.function.Consumer<String> onLine,
      long timeoutSeconds) throws IOException, InterruptedException {
    String jvm = options.clientJvmOptions();
    if (options.jfr()) {
      jvm += " -XX:StartFlightRecording=filename=" + dir.resolve("client.jfr") + ",settings=profile";
    }
    return ClientProcess.run(options.root().resolve("inference-perf"), config, jvm.trim(), options.nice(),
        dir.resolve("client.out"), dir.resolve("client.err"), onLine, timeoutSeconds);
  }

  /** The tool's config: completion API, streaming, 64-token prompts, exactly 32 output tokens. */
  Path writeConfig(Path dir, String baseUrl, List<double[]> stages, boolean perRequest) throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("api: {type: completion, streaming: true}\n")
        .append("server: {type: vllm, base_url: '").append(baseUrl)
        .append("', model_name: simulated-model, ignore_eos: true}\n")
        .append("data:\n  type: random\n")
        .append("  input_distribution: {type: fixed, min: ").append(INPUT_TOKENS).append(", max: ")
        .append(INPUT_TOKENS).append(", mean: ").append(INPUT_TOKENS).append(", std_dev: 0}\n")
        .append("  output_distribution: {type: fixed, min: ").append(OUTPUT_TOKENS).append(", max: ")
        .append(OUTPUT_TOKENS).append(", mean: ").append(OUTPUT_TOKENS).append(", std_dev: 0}\n")
        .append("load:\n  type: constant\n  interval: 1\n  base_seed: 6\n  worker_max_concurrency: 0\n");
    if (options.workers() > 0) yaml.append("  num_workers: ").append(options.workers()).append('\n');
    yaml.append("  stages:\n");
    for (double[] stage : stages) {
      yaml.append("    - {rate: ").append(fmt(stage[0])).append(", duration: ").append(fmt(stage[1])).append("}\n");
    }
    yaml.append("report:\n  request_lifecycle: {summary: true, per_stage: true, per_request: ")
        .append(perRequest).append("}\n")
        .append("storage:\n  local_storage: {path: '").append(dir.resolve("reports")).append("'}\n");
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml.toString());
    return config;
  }

  StallProbe stalls() {
    return stalls;
  }

  HarnessOptions options() {
    return options;
  }

  PrintStream out() {
    return out;
  }

  static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
