package io.inferenceperf.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.options.EngineOptions;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rate sweep against the batching model on virtual time, as a benchmark would run against the simulator: below
 * capacity throughput follows the offered rate and TTFT stays flat; past it throughput plateaus and TTFT explodes.
 */
class SaturationKneeTest {
  private static final long SECOND = 1_000_000_000L;

  record Point(double rate, double throughput, double ttftP50Ms, double itlMs) {}

  static Point run(EngineOptions options, double rate, int promptTokens, int outputTokens, long durationNanos) {
    PrefixCache cache = null;
    BatchScheduler scheduler = new BatchScheduler(options, cache);
    long interval = (long) (SECOND / rate);
    long now = 0;
    long nextArrival = 0;
    int id = 0;
    List<BatchSchedulerTest.Recorder> sinks = new ArrayList<>();
    List<Sequence> sequences = new ArrayList<>();
    BatchScheduler.Step step = null;
    long stepEnd = Long.MAX_VALUE;
    while (now < durationNanos) {
      if (nextArrival <= stepEnd && nextArrival < durationNanos) {
        now = nextArrival;
        BatchSchedulerTest.Recorder sink = new BatchSchedulerTest.Recorder();
        Sequence s = new Sequence(BatchSchedulerTest.prompt(promptTokens, id++), new OutputPlan(outputTokens, "length", 0), FaultPlan.NONE, sink, now);
        scheduler.submit(s, now);
        sinks.add(sink);
        sequences.add(s);
        nextArrival += interval;
      } else if (step != null) {
        now = stepEnd;
        scheduler.complete(step, now);
        step = null;
        stepEnd = Long.MAX_VALUE;
      } else {
        now = Math.min(nextArrival, durationNanos);
      }
      if (step == null && !scheduler.idle()) {
        step = scheduler.plan(now);
        stepEnd = step.isEmpty() ? Long.MAX_VALUE : now + step.durationNanos();
        if (step.isEmpty()) {
          step = null;
        }
      }
    }
    int completed = 0;
    List<Long> ttfts = new ArrayList<>();
    double itlSum = 0;
    int itlCount = 0;
    for (int i = 0; i < sinks.size(); i++) {
      List<Long> t = sinks.get(i).tokenNanos;
      if (t.size() == outputTokens) {
        completed++;
        itlSum += (double) (t.get(t.size() - 1) - t.get(0)) / (t.size() - 1);
        itlCount++;
      }
      // requests that never got a token count with the time they waited so far (a lower bound)
      ttfts.add((t.isEmpty() ? durationNanos : t.get(0)) - sequences.get(i).queuedNanos);
    }
    ttfts.sort(null);
    return new Point(rate, completed / (durationNanos / (double) SECOND), ttfts.get(ttfts.size() / 2) / 1e6, itlSum / Math.max(1, itlCount) / 1e6);
  }

  @Test
  void theSmallProfileHasAKneeAndTheLargeOneSaturatesEarlier() {
    EngineOptions small = SimulatorOptions.profile("small").engine();
    EngineOptions large = SimulatorOptions.profile("large").engine();
    List<Point> smallCurve = new ArrayList<>();
    List<Point> largeCurve = new ArrayList<>();
    for (double rate : new double[] {2, 8, 16, 32, 64}) {
      smallCurve.add(run(small, rate, 1000, 128, 40 * SECOND));
      largeCurve.add(run(large, rate, 1000, 128, 40 * SECOND));
    }
    System.out.println("small (1000 prompt / 128 output tokens): " + smallCurve);
    System.out.println("large (1000 prompt / 128 output tokens): " + largeCurve);
    Point smallLow = smallCurve.get(0);
    Point smallHigh = smallCurve.get(smallCurve.size() - 1);
    assertTrue(smallLow.throughput() > 0.9 * smallLow.rate(), "below the knee throughput follows the rate");
    assertTrue(smallHigh.throughput() < 0.7 * smallHigh.rate(), "past the knee throughput plateaus: " + smallHigh);
    assertTrue(smallHigh.ttftP50Ms() > 10 * smallLow.ttftP50Ms(), "and TTFT explodes: " + smallCurve);
    assertTrue(smallLow.ttftP50Ms() > 20 && smallLow.ttftP50Ms() < 100, "an idle 8B-like TTFT: " + smallLow);
    double smallPeak = smallCurve.stream().mapToDouble(Point::throughput).max().orElseThrow();
    double largePeak = largeCurve.stream().mapToDouble(Point::throughput).max().orElseThrow();
    assertTrue(largePeak < smallPeak, "the 70B-like profile saturates at a lower rate");
    assertTrue(largeCurve.get(0).itlMs() > smallCurve.get(0).itlMs());
  }
}
