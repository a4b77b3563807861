package io.inferenceperf.transport;

/**
 * How the I/O threads are scheduled ({@code load.io_priority}). A busy machine delays a thread that is ready to run by
 * milliseconds; kernel timestamps keep the arrival times right through that, but only while the segments of one
 * response do not queue up unread, since the kernel then merges them and keeps only the newest one's time. A
 * real-time policy (SCHED_FIFO) lets an I/O thread run the moment its socket has bytes, ahead of every ordinary
 * thread on the machine, so the reads stay close to the arrivals. The threads block in epoll when idle, and the
 * kernel's real-time throttling leaves ordinary threads at least 5% of each core in any case.
 */
public enum IoPriority {
  /** Real-time where the system allows it (root or CAP_SYS_NICE), else normal; the reports say which. */
  AUTO,
  /** Real-time, or the transport refuses to start. */
  REALTIME,
  /** Ordinary scheduling. */
  NORMAL;

  /** SCHED_FIFO priority of the I/O threads: low among real-time ones, so the kernel's own threads come first. */
  static final int FIFO_PRIORITY = 10;

  /** What the I/O threads got: realtime, or normal with the reason. */
  public record Outcome(boolean realtime, String detail) {
    public static final Outcome NOT_APPLIED = new Outcome(false, "normal scheduling");

    /** As the reports say it: {@code realtime (SCHED_FIFO)} or {@code normal}. */
    public String reportName() {
      return realtime ? "realtime (SCHED_FIFO)" : "normal";
    }
  }

  /** The value of {@code load.io_priority}. */
  public static IoPriority fromConfig(String value) {
    return value == null ? AUTO : valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * Applies this choice to the calling thread: null when it now runs real-time, else why it does not (asked for
   * normal, or the system refused and how to allow it).
   */
  String applyToCurrentThread() {
    if (this == NORMAL) return "load.io_priority is normal";
    return NativeIos.current().makeCurrentThreadRealtime(FIFO_PRIORITY);
  }

  /** Whether {@code outcome} falls short of this choice: real-time asked for and not granted. */
  boolean refuses(Outcome outcome) {
    return this == REALTIME && !outcome.realtime();
  }

  /** The configuration error for a refused {@link #REALTIME}, naming the fix. */
  static TransportRefused realtimeRefused(Outcome outcome) {
    return new TransportRefused("load.io_priority is realtime but " + outcome.detail()
        + " (set load.io_priority to auto or normal to run with ordinary I/O threads)");
  }

  /** The outcome over every I/O thread from their {@link #applyToCurrentThread()} answers. */
  static Outcome combine(Iterable<String> refusals) {
    for (String refusal : refusals) {
      if (refusal != null) return new Outcome(false, refusal);
    }
    return new Outcome(true, "every I/O thread runs under SCHED_FIFO priority " + FIFO_PRIORITY);
  }
}
