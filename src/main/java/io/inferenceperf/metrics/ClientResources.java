package io.inferenceperf.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the benchmark client itself costs, so that a report can vouch for its numbers: process CPU time, peak
 * resident memory and garbage-collection pauses. A client that runs out of CPU or pauses shows its own delays as
 * server latency; these figures (next to schedule_delay) tell whether that happened.
 *
 * <p>Sources: CPU from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime} (every thread, JIT and GC
 * included); peak RSS from {@code VmHWM} in {@code /proc/self/status} (Linux; -1 elsewhere); pauses from the
 * collectors' notifications (stop-the-world pauses only: concurrent cycles of ZGC and Shenandoah are not pauses).
 * The JVM reports pause durations in whole milliseconds, so a max of 0 means "under 1 ms".
 *
 * <p>Stalls: a probe thread sleeps {@value #PROBE_PERIOD_NANOS} ns over and over and notes each time it woke at least
 * {@value #STALL_THRESHOLD_NANOS} ns late. Something outside the client's code held every thread up then: the machine
 * (the VM's vCPU was paused, other processes held the cores) or the JVM (a GC or other safepoint pause, which
 * {@code gc_pause_*} tells apart). A stage whose schedule_delay or TTFT maximum is close to its longest stall owes
 * that maximum to it. Stall times are kept for the first {@value #STALLS_KEPT} stalls; past that only the count and
 * the longest since are, so a machine that is late all the time cannot grow the list without bound.
 *
 * <p>Thread-safe. {@link #close} removes the notification listeners.
 */
public final class ClientResources implements AutoCloseable {

  /** A cumulative reading since the process started. */
  public record Reading(long cpuNanos, int pauseCount, long peakRssBytes, int stallCount) {}

  /**
   * Usage between two readings.
   *
   * @param cpuSeconds process CPU time used, or NaN when the platform does not report it
   * @param requests the requests the usage is divided by
   * @param cpuMicrosPerRequest cpuSeconds per request in microseconds, NaN without requests
   * @param peakRssBytes the process's peak resident memory up to the later reading, -1 when unknown
   * @param gcPauses stop-the-world GC pauses
   * @param gcPauseTotalSeconds their summed duration
   * @param gcPauseMaxSeconds the longest of them (millisecond resolution)
   * @param collectors the garbage collector names, comma-separated
   * @param availableProcessors the CPUs the JVM could use
   * @param stalls times the probe thread woke 1 ms or more late (machine or JVM pauses)
   * @param stallMaxSeconds the latest it woke (0 without stalls)
   */
  public record Usage(
      double cpuSeconds,
      long requests,
      double cpuMicrosPerRequest,
      long peakRssBytes,
      int gcPauses,
      double gcPauseTotalSeconds,
      double gcPauseMaxSeconds,
      String collectors,
      int availableProcessors,
      int stalls,
      double stallMaxSeconds) {

    /** Report keys in snake_case, times in seconds; unknown numbers are null. */
    public Map<String, Object> toReportMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("cpu_seconds", finiteOrNull(cpuSeconds));
      map.put("requests", requests);
      map.put("cpu_microseconds_per_request", finiteOrNull(cpuMicrosPerRequest));
      map.put("peak_rss_bytes", peakRssBytes < 0 ? null : peakRssBytes);
      map.put("gc_pauses", gcPauses);
      map.put("gc_pause_total_seconds", gcPauseTotalSeconds);
      map.put("gc_pause_max_seconds", gcPauseMaxSeconds);
      map.put("garbage_collectors", collectors);
      map.put("available_processors", availableProcessors);
      map.put("stalls_over_1ms", stalls);
      map.put("stall_max_seconds", stallMaxSeconds);
      return map;
    }

    private static Double finiteOrNull(double value) {
      return Double.isFinite(value) ? value : null;
    }

    /**
     * The usage of two clients together (two load generators of one merged report): their CPU time, requests,
     * pauses, stalls and processors add up, and the peaks and maxima are the larger of the two.
     */
    public Usage plus(Usage other) {
      double cpu = cpuSeconds + other.cpuSeconds;
      long allRequests = requests + other.requests;
      return new Usage(cpu, allRequests, allRequests > 0 ? cpu * 1e6 / allRequests : Double.NaN,
          Math.max(peakRssBytes, other.peakRssBytes), gcPauses + other.gcPauses,
          gcPauseTotalSeconds + other.gcPauseTotalSeconds, Math.max(gcPauseMaxSeconds, other.gcPauseMaxSeconds),
          collectors.equals(other.collectors) ? collectors : collectors + "; " + other.collectors,
          availableProcessors + other.availableProcessors, stalls + other.stalls,
          Math.max(stallMaxSeconds, other.stallMaxSeconds));
    }

    /** The usage {@link #toReportMap} described (numbers it wrote as null are NaN or -1 again). */
    public static Usage fromReportMap(Map<String, ?> map) {
      return new Usage(
          doubleOrNaN(map.get("cpu_seconds")),
          ((Number) map.get("requests")).longValue(),
          doubleOrNaN(map.get("cpu_microseconds_per_request")),
          map.get("peak_rss_bytes") == null ? -1 : ((Number) map.get("peak_rss_bytes")).longValue(),
          ((Number) map.get("gc_pauses")).intValue(),
          doubleOrNaN(map.get("gc_pause_total_seconds")),
          doubleOrNaN(map.get("gc_pause_max_seconds")),
          (String) map.get("garbage_collectors"),
          ((Number) map.get("available_processors")).intValue(),
          ((Number) map.get("stalls_over_1ms")).intValue(),
          doubleOrNaN(map.get("stall_max_seconds")));
    }

    private static double doubleOrNaN(Object value) {
      return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    /** Console lines, e.g. {@code Client resources: CPU 12.40 s (103 us/request ...)} then RSS and GC pauses. */
    public String consoleLine() {
      String cpu = Double.isNaN(cpuSeconds)
          ? "CPU unknown"
          : String.format(Locale.ROOT, "CPU %.2f s (%.0f us/request over %d)", cpuSeconds, cpuMicrosPerRequest,
              requests);
      return consoleLines(cpu);
    }

    /**
     * Console lines of a run whose stages used {@code stages}: the run's CPU split into the stages and the rest
     * (JVM start-up, tokenizer loading, warm-up; the idle intervals between stages count there too), and the per-request cost over the
     * stages only, since the rest does not grow with the requests.
     */
    public String consoleLine(Usage stages) {
      if (stages == null || Double.isNaN(cpuSeconds) || Double.isNaN(stages.cpuSeconds)) return consoleLine();
      String cpu = String.format(Locale.ROOT,
          "CPU %.2f s (stages %.2f s, start-up and warm-up %.2f s)\n"
              + "  stages: %.0f us/request over %d requests",
          cpuSeconds, stages.cpuSeconds, Math.max(0, cpuSeconds - stages.cpuSeconds),
          stages.cpuMicrosPerRequest, stages.requests);
      return consoleLines(cpu);
    }

    private String consoleLines(String cpu) {
      String rss = peakRssBytes < 0 ? "peak RSS unknown"
          : String.format(Locale.ROOT, "peak RSS %d MB", Math.round(peakRssBytes / (1024.0 * 1024.0)));
      String gc = String.format(Locale.ROOT, "GC pauses %d (total %.0f ms, max %.0f ms)", gcPauses,
          gcPauseTotalSeconds * 1e3, gcPauseMaxSeconds * 1e3);
      String stallLine = String.format(Locale.ROOT, "stalls over 1 ms (machine or JVM): %d (max %.1f ms)", stalls,
          stallMaxSeconds * 1e3);
      // Lines that each fit an 80-column terminal; the collectors' names are in the JSON reports.
      return "Client resources: " + cpu + "\n  " + rss + ", " + gc + "\n  " + stallLine;
    }
  }

  private static final Path STATUS = Path.of("/proc/self/status");

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGcNotification;
  private final String collectors;
  private long[] pauseNanos = new long[64];
  private int pauseCount;
  private long[] stallNanos = new long[64];
  private int stallCount;
  private final Thread probe = new Thread(this::probeLoop, "machine-stall-probe");
  private volatile boolean probing = true;

  /** How long the probe sleeps each time, and how late a wake-up must be to count as a stall. */
  /** 10 ms: the probe costs a wake-up per period, and the client's own reads now report their lateness directly. */
  static final long PROBE_PERIOD_NANOS = 10_000_000;
  static final long STALL_THRESHOLD_NANOS = 1_000_000;
  /** How often the probe thread looks whether a ticking thread still reports ({@link #tickLateness}). */
  static final long STANDBY_NANOS = 1_000_000_000L;
  /** A ticking thread that has not reported for this long no longer probes (its idle tick is 100 ms). */
  static final long TICKER_GONE_NANOS = 500_000_000L;
  private volatile long lastTickNanos;
  private volatile boolean tickerSeen;
  static final int STALLS_KEPT = 100_000;
  /** The longest stall past the first {@link #STALLS_KEPT}. */
  private long overflowStallMaxNanos;

  private ClientResources() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(bean.getName());
      if (bean instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    this.collectors = String.join(", ", names);
    probe.setDaemon(true);
    probe.start();
  }

  private void probeLoop() {
    while (probing) {
      if (tickerActive()) { // another thread's tick probes: stand by, and take over should it stop
        LockSupport.parkNanos(this, STANDBY_NANOS);
        continue;
      }
      long late = parkLateness(PROBE_PERIOD_NANOS);
      if (late >= STALL_THRESHOLD_NANOS && !tickerActive()) addStall(late); // a stall both saw counts once
    }
  }

  /**
   * A thread that parks on a tick anyway (the engine's recorder) reports how late each of its parks woke: it is the
   * stall probe then, and the probe thread only checks every {@value #STANDBY_NANOS} ns that such reports still come
   * (within {@value #TICKER_GONE_NANOS} ns), so the process has one thread waking on a tick instead of two.
   */
  public void tickLateness(long lateNanos) {
    lastTickNanos = System.nanoTime();
    tickerSeen = true;
    if (lateNanos >= STALL_THRESHOLD_NANOS) addStall(lateNanos);
  }

  private boolean tickerActive() {
    return tickerSeen && System.nanoTime() - lastTickNanos < TICKER_GONE_NANOS;
  }

  /** Parks the calling thread for {@code nanos} and returns how much later than asked it woke (0 if not late). */
  public static long parkLateness(long nanos) {
    long before = System.nanoTime();
    LockSupport.parkNanos(nanos);
    return Math.max(0, System.nanoTime() - before - nanos);
  }

  /** Starts listening for GC pauses; pauses before this call are not seen. */
  public static ClientResources start() {
    return new ClientResources();
  }

  /** The cumulative reading now. */
  public Reading read() {
    int pauses;
    int stalls;
    synchronized (this) {
      pauses = pauseCount;
      stalls = stallCount;
    }
    return new Reading(processCpuNanos(), pauses, peakRssBytes(), stalls);
  }

  /** Usage from {@code from} (null: process start) to {@code to}, divided over {@code requests}. */
  public Usage between(Reading from, Reading to, long requests) {
    long cpuFrom = from == null ? 0 : from.cpuNanos();
    int pauseFrom = from == null ? 0 : from.pauseCount();
    double cpuSeconds = to.cpuNanos() < 0 || cpuFrom < 0 ? Double.NaN : (to.cpuNanos() - cpuFrom) / 1e9;
    double perRequest = requests > 0 ? cpuSeconds * 1e6 / requests : Double.NaN;
    int stallFrom = from == null ? 0 : from.stallCount();
    long total = 0;
    long max = 0;
    long stallMax = 0;
    synchronized (this) {
      for (int i = pauseFrom; i < to.pauseCount(); i++) {
        total += pauseNanos[i];
        max = Math.max(max, pauseNanos[i]);
      }
      for (int i = stallFrom; i < Math.min(to.stallCount(), STALLS_KEPT); i++) {
        stallMax = Math.max(stallMax, stallNanos[i]);
      }
      if (to.stallCount() > STALLS_KEPT) {
        stallMax = Math.max(stallMax, overflowStallMaxNanos); // the run's longest past the list: an upper bound
      }
    }
    return new Usage(cpuSeconds, requests, perRequest, to.peakRssBytes(), to.pauseCount() - pauseFrom,
        total / 1e9, max / 1e9, collectors, Runtime.getRuntime().availableProcessors(), to.stallCount() - stallFrom,
        stallMax / 1e9);
  }

  /** Process CPU time in nanoseconds, -1 when the JVM cannot tell. */
  static long processCpuNanos(OperatingSystemMXBean os) {
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  private long processCpuNanos() {
    return processCpuNanos(os);
  }

  /** VmHWM of /proc/self/status in bytes, -1 when unavailable (not Linux). */
  static long peakRssBytes() {
    try {
      return parseKilobytes(Files.readAllLines(STATUS), "VmHWM:");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return -1;
    }
  }

  /** The value of a {@code Key:   123 kB} line in bytes, -1 when absent or malformed. */
  static long parseKilobytes(List<String> statusLines, String key) {
    for (String line : statusLines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]) * 1024;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Whether a GC notification's action is a stop-the-world pause (not a concurrent cycle). */
  static boolean isPause(String gcAction) {
    return gcAction != null && !gcAction.toLowerCase(Locale.ROOT).contains("cycle");
  }

  private void onGcNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (isPause(info.getGcAction())) {
      addPause(info.getGcInfo().getDuration() * 1_000_000L);
    }
  }

  synchronized void addPause(long nanos) {
    if (pauseCount == pauseNanos.length) {
      pauseNanos = Arrays.copyOf(pauseNanos, pauseCount * 2);
    }
    pauseNanos[pauseCount++] = nanos;
  }

  /** The probe thread, for tests. */
  Thread probeThread() {
    return probe;
  }

  synchronized void addStall(long lateNanos) {
    if (stallCount >= STALLS_KEPT) {
      overflowStallMaxNanos = Math.max(overflowStallMaxNanos, lateNanos);
      stallCount++;
      return;
    }
    if (stallCount == stallNanos.length) {
      stallNanos = Arrays.copyOf(stallNanos, Math.min(STALLS_KEPT, stallCount * 2));
    }
    stallNanos[stallCount++] = lateNanos;
  }

  @Override
  public void close() {
    probing = false;
    LockSupport.unpark(probe); // it may be standing by for a second
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException alreadyGone) {
        // nothing to remove
      }
    }
    emitters.clear();
  }
}
