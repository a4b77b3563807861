package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientResourcesTest {

  @Test
  void cpuTimeOfBusyWorkIsCountedAndDividedPerRequest() {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading before = resources.read();
      // Burn 0.2 s of this thread's own CPU time (not wall time: a busy machine may deschedule us), within 20 s.
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuUntil = threads.getCurrentThreadCpuTime() + 200_000_000L;
      long wallLimit = System.nanoTime() + 20_000_000_000L;
      long sink = 0;
      while (threads.getCurrentThreadCpuTime() < cpuUntil && System.nanoTime() < wallLimit) {
        for (int i = 0; i < 10_000; i++) sink += sink * 31 + 7;
      }
      ClientResources.Reading after = resources.read();
      ClientResources.Usage usage = resources.between(before, after, 1000);
      assertTrue(usage.cpuSeconds() >= 0.15, "cpu " + usage.cpuSeconds() + " (sink " + sink + ")");
      assertEquals(usage.cpuSeconds() * 1e6 / 1000, usage.cpuMicrosPerRequest(), 1e-9);
      assertEquals(1000, usage.requests());
    }
  }

  @Test
  void fromProcessStartCoversEverythingSoFar() {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading now = resources.read();
      ClientResources.Usage sinceStart = resources.between(null, now, 0);
      assertEquals(now.cpuNanos() / 1e9, sinceStart.cpuSeconds(), 1e-9);
      assertTrue(Double.isNaN(sinceStart.cpuMicrosPerRequest()), "no requests: per-request is unknown");
      assertNull(sinceStart.toReportMap().get("cpu_microseconds_per_request"), "NaN is written as null");
    }
  }

  @Test
  void peakRssIsReadOnLinux() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) return;
    long peak = ClientResources.peakRssBytes();
    long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertTrue(peak > 10L * 1024 * 1024, "a JVM uses more than 10 MB: " + peak);
    assertTrue(peak >= heapUsed / 2, "peak RSS " + peak + " vs heap in use " + heapUsed);
  }

  @Test
  void parsesStatusLines() {
    List<String> lines = List.of("Name:\tjava", "VmPeak:\t 5000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t 1000 kB");
    assertEquals(123456L * 1024, ClientResources.parseKilobytes(lines, "VmHWM:"));
    assertEquals(-1, ClientResources.parseKilobytes(lines, "VmSwap:"));
    assertEquals(-1, ClientResources.parseKilobytes(List.of("VmHWM: lots kB"), "VmHWM:"));
  }

  @Test
  void concurrentCyclesAreNotPauses() {
    assertFalse(ClientResources.isPause("end of GC cycle")); // ZGC and Shenandoah "Cycles" beans
    assertTrue(ClientResources.isPause("end of GC pause"));
    assertTrue(ClientResources.isPause("end of minor GC"));
    assertTrue(ClientResources.isPause("end of major GC"));
    assertTrue(ClientResources.isPause("end of concurrent GC pause")); // G1 remark and cleanup
  }

  @Test
  void pausesAreWindowedByReading() {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading start = resources.read();
      resources.addPause(3_000_000);
      resources.addPause(7_000_000);
      ClientResources.Reading middle = resources.read();
      resources.addPause(1_000_000);
      ClientResources.Reading end = resources.read();

      ClientResources.Usage first = resources.between(start, middle, 10);
      assertEquals(2, first.gcPauses());
      assertEquals(0.010, first.gcPauseTotalSeconds(), 1e-12);
      assertEquals(0.007, first.gcPauseMaxSeconds(), 1e-12);

      ClientResources.Usage second = resources.between(middle, end, 10);
      assertEquals(1, second.gcPauses());
      assertEquals(0.001, second.gcPauseMaxSeconds(), 1e-12);
    }
  }

  @Test
  void stallsAreWindowedByReading() {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading start = resources.read();
      resources.addStall(2_500_000);
      resources.addStall(9_000_000);
      ClientResources.Reading middle = resources.read();
      resources.addStall(1_200_000);
      ClientResources.Reading end = resources.read();
      // The probe thread may add real stalls of this machine meanwhile: at least ours are there, and the max
      // of a window is never below the largest we added.
      ClientResources.Usage first = resources.between(start, middle, 10);
      assertTrue(first.stalls() >= 2, "stalls " + first.stalls());
      assertTrue(first.stallMaxSeconds() >= 0.009, "max " + first.stallMaxSeconds());
      ClientResources.Usage second = resources.between(middle, end, 10);
      assertTrue(second.stalls() >= 1);
      assertTrue(second.stallMaxSeconds() >= 0.0012);
    }
  }

  @Test
  void aTickingThreadsLateWakeUpsAreTheStallsWhileItReports() throws InterruptedException {
    try (ClientResources resources = ClientResources.start()) {
      resources.tickLateness(0); // the recorder's tick reports from now on: the probe thread stands by
      Thread.sleep(30); // past the probe's current 10 ms park: whatever it measured then is not counted
      ClientResources.Reading start = resources.read();
      resources.tickLateness(3_000_000);
      resources.tickLateness(500_000); // under the 1 ms threshold
      resources.tickLateness(1_000_000);
      ClientResources.Usage usage = resources.between(start, resources.read(), 1);
      assertEquals(2, usage.stalls(), "each late wake-up counted once, the probe adding none");
      assertEquals(0.003, usage.stallMaxSeconds(), 1e-12);
    }
  }

  @Test
  void aMachineLateAllTheTimeCannotGrowTheStallListWithoutBound() {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading start = resources.read();
      for (int i = 0; i < ClientResources.STALLS_KEPT + 10; i++) resources.addStall(1_500_000);
      resources.addStall(50_000_000); // past the kept list: only the count and the longest remain
      ClientResources.Usage usage = resources.between(start, resources.read(), 1);
      assertTrue(usage.stalls() >= ClientResources.STALLS_KEPT + 11, "count " + usage.stalls());
      assertTrue(usage.stallMaxSeconds() >= 0.050, "max " + usage.stallMaxSeconds());
    }
  }

  @Test
  void theProbeThreadRunsUntilClosed() throws InterruptedException {
    ClientResources resources = ClientResources.start();
    Thread probe = resources.probeThread();
    assertTrue(probe.isAlive() && probe.isDaemon(), "a daemon thread: it never keeps the JVM up");
    resources.close();
    probe.join(2_000);
    assertFalse(probe.isAlive(), "the probe stops with close()");
  }

  @Test
  void realCollectionsAreSeen() throws InterruptedException {
    try (ClientResources resources = ClientResources.start()) {
      ClientResources.Reading before = resources.read();
      System.gc(); // every collector pauses for an explicit GC (ZGC: its short pauses; G1: a full collection)
      ClientResources.Usage usage = null;
      for (int i = 0; i < 100; i++) { // notifications arrive asynchronously; wait up to 5 s
        usage = resources.between(before, resources.read(), 1);
        if (usage.gcPauses() > 0) break;
        Thread.sleep(50);
      }
      assertTrue(usage.gcPauses() > 0, "no pause seen; collectors: " + usage.collectors());
      assertFalse(usage.collectors().isEmpty());
    }
  }

  @Test
  void reportMapAndConsoleLine() {
    ClientResources.Usage usage = new ClientResources.Usage(12.5, 100_000, 125.0, 300L * 1024 * 1024, 4, 0.003,
        0.001, "ZGC Minor Pauses, ZGC Major Pauses", 2, 3, 0.0042);
    Map<String, Object> map = usage.toReportMap();
    assertEquals(usage, ClientResources.Usage.fromReportMap(map), "what a results file keeps reads back the same");
    assertEquals(2, map.get("available_processors"));
    assertEquals(12.5, map.get("cpu_seconds"));
    assertEquals(125.0, map.get("cpu_microseconds_per_request"));
    assertEquals(300L * 1024 * 1024, map.get("peak_rss_bytes"));
    assertEquals(4, map.get("gc_pauses"));
    assertEquals(3, map.get("stalls_over_1ms"));
    assertEquals(0.0042, map.get("stall_max_seconds"));
    assertEquals(
        "Client resources: CPU 12.50 s (125 us/request over 100000)\n"
            + "  peak RSS 300 MB, GC pauses 4 (total 3 ms, max 1 ms)\n"
            + "  stalls over 1 ms (machine or JVM): 3 (max 4.2 ms)",
        usage.consoleLine());
    for (String line : usage.consoleLine().split("\n")) {
      assertTrue(line.length() <= 80, "fits 80 columns: " + line);
    }
    // With the stages' usage: the CPU split, and the per-request cost over the stages only.
    ClientResources.Usage stages = new ClientResources.Usage(2.5, 10_000, 250.0, 1, 0, 0, 0, "", 2, 0, 0);
    String split = usage.consoleLine(stages);
    assertEquals(
        "Client resources: CPU 12.50 s (stages 2.50 s, start-up and warm-up 10.00 s)\n"
            + "  stages: 250 us/request over 10000 requests\n"
            + "  peak RSS 300 MB, GC pauses 4 (total 3 ms, max 1 ms)\n"
            + "  stalls over 1 ms (machine or JVM): 3 (max 4.2 ms)",
        split);
    for (String line : split.split("\n")) {
      assertTrue(line.length() <= 80, "fits 80 columns: " + line);
    }
  }
}
