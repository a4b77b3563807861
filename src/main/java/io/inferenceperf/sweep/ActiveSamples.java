package io.inferenceperf.sweep;

import io.inferenceperf.record.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probe's requests in flight, sampled every {@link #STEP_NANOS} from its start as inference-perf's aggregator
 * samples its active-request counter: a request counts from its send to its end. Computed from the records after
 * the probe (so it is exact and needs no sampling thread); samples at or after the timeout are dropped.
 */
public final class ActiveSamples {

  /** inference-perf samples every 0.5 s. */
  public static final long STEP_NANOS = 500_000_000L;

  /** One sample: seconds since the probe's start and the requests in flight then. */
  public record Sample(double seconds, int active) {}

  private ActiveSamples() {}

  /**
   * @param records the probe's records; those never sent do not count
   * @param startNanos the probe's start (its first intended send time)
   * @param timeoutNanos samples at {@code start + timeout} or later are dropped
   */
  public static List<Sample> of(List<RequestRecord> records, long startNanos, long timeoutNanos) {
    long[] sends = records.stream().filter(r -> r.sentNanos() >= 0).mapToLong(RequestRecord::sentNanos).sorted()
        .toArray();
    long[] ends = records.stream().filter(r -> r.sentNanos() >= 0)
        .mapToLong(r -> Math.max(r.endNanos(), r.sentNanos())).sorted().toArray();
    long lastEnd = ends.length == 0 ? startNanos : ends[ends.length - 1];
    long stop = Math.min(startNanos + timeoutNanos, lastEnd + STEP_NANOS);
    List<Sample> samples = new ArrayList<>();
    for (long t = startNanos; t < stop; t += STEP_NANOS) {
      int active = countAtOrBefore(sends, t) - countAtOrBefore(ends, t);
      samples.add(new Sample((t - startNanos) / 1e9, active));
    }
    return List.copyOf(samples);
  }

  private static int countAtOrBefore(long[] sorted, long t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == t) i++;
    return i + 1;
  }
}
