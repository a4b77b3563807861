package io.inferenceperf.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of the tool as its own process, through the {@code inference-perf} launcher (so with the launcher's JVM
 * flags), watched from outside: its standard error is copied to a log and each line is offered to a callback (the
 * harness resets the simulator's truth on "stage 1 starting"), and its resident memory is sampled from
 * {@code /proc/PID/status} every {@value #SAMPLE_MILLIS} ms.
 */
final class ClientProcess {
  static final int SAMPLE_MILLIS = 250;

  /** What was seen from outside. */
  record Outcome(int exitCode, long peakRssBytes, List<long[]> rssTimeline, double wallSeconds) {}

  private ClientProcess() {}

  /**
   * Runs {@code launcher -c config} and waits for it (at most {@code timeoutSeconds}).
   *
   * @param extraJvmOptions appended to the launcher's JVM flags (INFERENCE_PERF_EXTRA_JVM_OPTS), may be empty
   * @param nice the niceness to run at (0: as the harness)
   * @param onStderrLine called on a reader thread for each line of standard error
   */
  static Outcome run(Path launcher, Path config, String extraJvmOptions, int nice, Path stdout, Path stderr,
      Consumer<String> onStderrLine, long timeoutSeconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(Nice.prefix(nice));
    command.addAll(List.of(launcher.toString(), "-c", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
    Map<String, String> env = builder.environment();
    env.put("HF_HUB_OFFLINE", "1"); // no tokenizer download attempts: the approximate tokenizer is what we measure
    if (!extraJvmOptions.isBlank()) env.put("INFERENCE_PERF_EXTRA_JVM_OPTS", extraJvmOptions);
    long startNanos = System.nanoTime();
    Process process = builder.start();
    Thread reader = copyLines(process, stderr, onStderrLine);
    List<long[]> timeline = new ArrayList<>();
    long peak = 0;
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
      long[] sample = sample(status);
      if (sample != null) {
        peak = Math.max(peak, sample[1]);
        timeline.add(new long[] {(System.nanoTime() - startNanos) / 1_000_000, sample[0]});
      }
      if (System.nanoTime() - startNanos > timeoutSeconds * 1_000_000_000L) {
        process.destroy();
        process.waitFor(15, TimeUnit.SECONDS);
        break;
      }
    }
    reader.join(5_000);
    int exit = process.isAlive() ? -1 : process.exitValue();
    return new Outcome(exit, peak, timeline, (System.nanoTime() - startNanos) / 1e9);
  }

  /** {VmRSS, VmHWM} in bytes, or null once the process is gone. */
  private static long[] sample(Path status) {
    try {
      List<String> lines = Files.readAllLines(status);
      return new long[] {kilobytes(lines, "VmRSS:"), kilobytes(lines, "VmHWM:")};
    } catch (IOException gone) {
      return null;
    }
  }

  private static long kilobytes(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
      }
    }
    return -1;
  }

  private static Thread copyLines(Process process, Path log, Consumer<String> onLine) {
    Thread thread = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the process ended; what was copied is in the log
      }
    }, "client-stderr");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
