package io.inferenceperf.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@link PerfHarness}. Modes: {@code ladder} (rates, accuracy and CPU; targets 1-3),
 * {@code memory} (a million requests with per_request off, then on; target 4), {@code pauses} (5 minutes at 1000
 * req/s; target 5), {@code floor} (the tool's CPU per request as a ratio to a bare client's; issue 20).
 */
record HarnessOptions(
    String mode,
    List<Double> rates,
    double durationSeconds,
    double warmupSeconds,
    double rate,
    long requests,
    double perRequestRate,
    boolean keepPerRequestFile,
    int simThreads,
    int workers,
    String clientJvmOptions,
    boolean jfr,
    boolean keepGoing,
    int nice,
    long idleWaitSeconds,
    double idleBusyPercent,
    Path root,
    Path outDir,
    int rounds,
    double maxRatio,
    Path baseline,
    Path recordBaseline,
    double tolerance) {

  static final String USAGE = """
      Usage: scripts/perf-harness.sh [ladder|memory|pauses|floor] [options]
        ladder (default)   a ladder of rates, each a separate client run against one simulator process:
                           achieved rate, schedule delay, client CPU, peak RSS, TTFT/ITL error vs the truth
        memory             --requests (1000000) at --rate (3000) with per_request off, then on: peak and flat RSS
        pauses             --duration (300) s at --rate (1000): largest schedule delay and GC pauses
        floor              at each of --rates (default 400,1000,2000), --rounds (3) runs of a bare client and of the
                           tool, alternating, against the simulator and a minimal server: CPU per request and the
                           ratio of the medians; --max-ratio R fails when a ratio exceeds R; --baseline FILE fails
                           when a ratio exceeds the one recorded in FILE by more than 10% (the regression gate, run
                           before each performance change; scripts/floor-baseline.txt); --record-baseline FILE
                           writes this run's ratios as the new baseline
      Options:
        --quick                 ladder: 10 s rungs and 3 s warm-up (default 60 s and 5 s)
        --rates 500,1000,...    ladder rates in req/s (default 500,1000,2000,3000,4000,5000)
        --duration S            measured seconds per rung (pauses: total seconds)
        --warmup S              warm-up stage before the measured one (same rate); memory mode: an
                                unmeasured run that warms the fresh simulator first (default 30)
        --rate R                memory and pauses: the rate
        --requests N            memory: requests per run
        --per-request-rate R    memory: the rate of the per_request-on run (default 2000)
        --keep-per-request-file memory: keep the (large) per-request file after counting its records
        --sim-threads N         simulator event loops (default 1)
        --workers N             client load.num_workers (default: number of CPUs)
        --client-jvm "OPTS"     extra JVM flags for the client (appended to the launcher's)
        --jfr                   record a JFR profile of each client run into the output folder
        --keep-going            ladder: do not stop after two failing rungs in a row
        --nice N                run client and simulator under `nice -n N` (negative needs root): on a shared
                                machine, shields both from other work; reported with the results
        --idle-wait S           before each run, wait up to S s (default 120) for the machine to be nearly idle
        --idle-busy P           "nearly idle": under P% of all CPUs busy over 2 s (default 15)
        --out DIR               where configs, logs and reports go (default target/perf-harness/<time>)
        --tolerance F           floor: how much a ratio may exceed its baseline (default 0.10, i.e. 10%)
        --rt                    run the harness and every process it starts under SCHED_FIFO (chrt -f 10; root):
                                on a shared machine, floor and tool then run under the same scheduling as the
                                tool's I/O threads (scripts/perf-harness.sh applies it)
      """;

  static HarnessOptions parse(String[] args, Path root) {
    String mode = "ladder";
    List<Double> rates = null;
    int rounds = 3;
    double maxRatio = 0;
    Path baseline = null;
    Path recordBaseline = null;
    double tolerance = FloorBaseline.DEFAULT_TOLERANCE;
    Double duration = null;
    Double warmup = null;
    Double rate = null;
    long requests = 1_000_000;
    double perRequestRate = 2000;
    boolean keepFile = false;
    int simThreads = 1;
    int workers = 0;
    String clientJvm = "";
    boolean quick = false;
    boolean jfr = false;
    boolean keepGoing = false;
    int nice = 0;
    long idleWait = 120;
    double idleBusy = 15;
    Path out = root.resolve("target/perf-harness/" + java.time.LocalDateTime.now().withNano(0)
        .toString().replace(':', '-'));
    List<String> list = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < list.size(); i++) {
      String arg = list.get(i);
      switch (arg) {
        case "ladder", "memory", "pauses", "floor" -> mode = arg;
        case "--rounds" -> rounds = Integer.parseInt(list.get(++i));
        case "--max-ratio" -> maxRatio = Double.parseDouble(list.get(++i));
        case "--baseline" -> baseline = Path.of(list.get(++i)).toAbsolutePath();
        case "--record-baseline" -> recordBaseline = Path.of(list.get(++i)).toAbsolutePath();
        case "--tolerance" -> tolerance = Double.parseDouble(list.get(++i));
        case "--quick" -> quick = true;
        case "--rt" -> { } // scripts/perf-harness.sh starts the harness under chrt; children inherit it
        case "--jfr" -> jfr = true;
        case "--keep-going" -> keepGoing = true;
        case "--rates" -> rates = Arrays.stream(list.get(++i).split(",")).map(Double::valueOf).toList();
        case "--duration" -> duration = Double.valueOf(list.get(++i));
        case "--warmup" -> warmup = Double.valueOf(list.get(++i));
        case "--rate" -> rate = Double.valueOf(list.get(++i));
        case "--requests" -> requests = Long.parseLong(list.get(++i));
        case "--per-request-rate" -> perRequestRate = Double.parseDouble(list.get(++i));
        case "--keep-per-request-file" -> keepFile = true;
        case "--sim-threads" -> simThreads = Integer.parseInt(list.get(++i));
        case "--workers" -> workers = Integer.parseInt(list.get(++i));
        case "--client-jvm" -> clientJvm = list.get(++i);
        case "--nice" -> nice = Integer.parseInt(list.get(++i));
        case "--idle-wait" -> idleWait = Long.parseLong(list.get(++i));
        case "--idle-busy" -> idleBusy = Double.parseDouble(list.get(++i));
        case "--out" -> out = Path.of(list.get(++i)).toAbsolutePath();
        case "--help", "-h" -> throw new IllegalArgumentException("");
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    double defaultDuration = switch (mode) {
      case "pauses" -> 300;
      case "floor" -> quick ? 10 : 30;
      default -> quick ? 10 : 60;
    };
    if (rates == null) {
      rates = mode.equals("floor") ? List.of(400.0, 1000.0, 2000.0)
          : List.of(500.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0);
    }
    double defaultRate = mode.equals("memory") ? 3000 : 1000;
    return new HarnessOptions(mode, rates, duration != null ? duration : defaultDuration,
        warmup != null ? warmup : (quick ? 3 : mode.equals("pauses") ? 10 : mode.equals("memory") ? 30 : 5), rate != null ? rate : defaultRate,
        requests, perRequestRate, keepFile, simThreads, workers, clientJvm, jfr, keepGoing, nice, idleWait, idleBusy, root, out,
        rounds, maxRatio, baseline, recordBaseline, tolerance);
  }
}
