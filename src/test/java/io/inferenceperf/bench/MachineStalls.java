package io.inferenceperf.bench;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How often this machine, with nothing else running, wakes a sleeping thread late: {@code threads} threads each
 * sleep 1 ms over and over for {@code seconds} and count how late they woke. The floor under any latency the client
 * measures on this machine (docs/performance.md); not part of the unit tests.
 *
 * <pre>
 * java -cp target/test-classes io.inferenceperf.bench.MachineStalls [seconds (10)] [threads (1)]
 * </pre>
 */
public final class MachineStalls {
  private static final long[] BOUNDS_NANOS = {100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 20_000_000};

  private MachineStalls() {}

  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Thread[] sleepers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      sleepers[t] = new Thread(() -> System.out.println(sleep(id, seconds * 1_000_000_000L)), "sleeper-" + t);
      sleepers[t].start();
    }
    for (Thread sleeper : sleepers) sleeper.join();
  }

  private static String sleep(int id, long forNanos) {
    long[] counts = new long[BOUNDS_NANOS.length + 1];
    long start = System.nanoTime();
    long maxLate = 0;
    long wakeUps = 0;
    while (System.nanoTime() - start < forNanos) {
      long before = System.nanoTime();
      LockSupport.parkNanos(1_000_000);
      long late = Math.max(0, System.nanoTime() - before - 1_000_000);
      maxLate = Math.max(maxLate, late);
      wakeUps++;
      int bucket = 0;
      while (bucket < BOUNDS_NANOS.length && late >= BOUNDS_NANOS[bucket]) bucket++;
      counts[bucket]++;
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "sleeper %d: %d wake-ups, latest %.2f ms late;",
        id, wakeUps, maxLate / 1e6));
    String[] labels = {"<0.1", "0.1-0.25", "0.25-0.5", "0.5-1", "1-2", "2-5", "5-20", ">=20"};
    for (int b = 0; b < counts.length; b++) {
      line.append(' ').append(labels[b]).append(" ms: ").append(counts[b]);
    }
    return line.toString();
  }
}
