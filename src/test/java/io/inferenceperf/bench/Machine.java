package io.inferenceperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine the harness runs on, for the record next to every figure. */
final class Machine {
  private Machine() {}

  /** The 1-minute load average, NaN when unknown. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Busy share of all CPUs (0-100) over {@code millis}, from /proc/stat; NaN when unknown. */
  static double busyPercent(long millis) throws InterruptedException {
    long[] before = cpuTicks();
    Thread.sleep(millis);
    long[] after = cpuTicks();
    if (before == null || after == null) return Double.NaN;
    long total = after[0] - before[0];
    long idle = after[1] - before[1];
    return total <= 0 ? Double.NaN : 100.0 * (total - idle) / total;
  }

  /**
   * Waits until the machine is nearly idle (under {@code maxBusyPercent} busy over 2 s) or {@code maxWaitSeconds}
   * pass; returns the last busy share seen. Other work on a shared machine shows up as our own delays.
   */
  static double waitForIdle(double maxBusyPercent, long maxWaitSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    double busy;
    do {
      busy = busyPercent(2000);
    } while (!(busy <= maxBusyPercent) && System.nanoTime() < deadline);
    return busy;
  }

  /** {total, idle + iowait} jiffies (1/100 s) of the "cpu" line of /proc/stat, or null. */
  static long[] cpuTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy CPU seconds between two {@link #cpuTicks} readings (jiffies are 1/100 s), NaN when unknown. */
  static double busySeconds(long[] from, long[] to) {
    if (from == null || to == null) return Double.NaN;
    return ((to[0] - from[0]) - (to[1] - from[1])) / 100.0;
  }

  /** CPU model, cores, memory, OS and JVM in one line. */
  static String describe() {
    return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + memTotalMegabytes() + " MB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + ", Java " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + ")"
        + ", load average " + loadAverage();
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException ignored) {
      // not Linux
    }
    return "unknown CPU";
  }

  private static long memTotalMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux
    }
    return -1;
  }
}
