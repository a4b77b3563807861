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
