package io.inferenceperf.cli;

import io.inferenceperf.engine.LiveCounters;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The live progress line of the current stage: requests sent (of planned), in flight, done, failed and the
 * achieved send rate. On a terminal it rewrites itself in place every second; otherwise it prints a plain line every
 * {@value #PIPE_PERIOD_MILLIS} ms, so logs stay readable. Once a stage's final line is printed, nothing more is
 * printed for that stage (a redraw after it would leave a dangling line for the next log line to run into).
 */
final class ProgressLine implements AutoCloseable {
  private final LiveCounters counters;
  private final IntSupplier inFlight;
  private final PrintStream out;
  private final boolean interactive;
  private final Thread thread;
  private volatile boolean closed;
  private int lastLength;
  private int finishedStage = -1;
  static final long PIPE_PERIOD_MILLIS = 5_000;

  /** @param inFlight requests sent and not finished yet */
  ProgressLine(LiveCounters counters, IntSupplier inFlight, PrintStream out, boolean interactive) {
    this.counters = counters;
    this.inFlight = inFlight;
    this.out = out;
    this.interactive = interactive;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long periodMillis = interactive ? 1_000 : PIPE_PERIOD_MILLIS;
    while (!closed) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) print();
    }
  }

  /**
   * One progress line. The rate is requests sent per second of sending: over the stage's duration at most, so the
   * line printed at the end of a stage (after its grace period) still shows the rate achieved while sending.
   */
  static String format(int stage, long sent, long planned, int inFlight, long done, long failed, double elapsedS,
      double durationS) {
    double sendingS = durationS > 0 ? Math.min(elapsedS, durationS) : elapsedS;
    double rate = sendingS > 0 ? sent / sendingS : 0;
    String unit = durationS > 0 && durationS < 10 ? "%.1f" : "%.0f"; // short stages: 0.5 s must not print as 0 s
    String time = durationS > 0
        ? String.format(Locale.ROOT, unit + "/" + unit + "s", sendingS, durationS)
        : String.format(Locale.ROOT, "%.0fs", elapsedS);
    return String.format(Locale.ROOT, "stage %d %s  sent %d/%d  in flight %d  done %d  failed %d  %.1f req/s",
        stage, time, sent, planned, inFlight, done, failed, rate);
  }

  /** Whether the live line of stage {@code liveStageId} may be drawn: started, and its final line not printed. */
  synchronized boolean shouldPrint(int liveStageId) {
    return liveStageId >= 0 && liveStageId > finishedStage;
  }

  private synchronized void print() {
    if (!shouldPrint(counters.stageId())) return;
    double elapsed = (System.nanoTime() - counters.stageStartNanos()) / 1e9;
    String line = format(counters.stageId(), counters.sent.get(), counters.stagePlanned(), inFlight.getAsInt(),
        counters.done.sum(), counters.failed.sum(), elapsed, counters.stageDurationNanos() / 1e9);
    if (interactive) {
      String pad = " ".repeat(Math.max(0, lastLength - line.length()));
      out.print("\r" + line + pad);
      lastLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Prints the final state of the stage and ends the line. */
  synchronized void stageDone(int stageId, long sent, long planned, long done, long failed, double elapsedS,
      double durationS) {
    // From the stage's own tallies, not the live counters: by the time the recorder gets here the next stage may
    // already have reset them.
    finishedStage = Math.max(finishedStage, stageId);
    String line = format(stageId, sent, planned, 0, done, failed, elapsedS, durationS);
    if (interactive) {
      out.println("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = 0;
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
