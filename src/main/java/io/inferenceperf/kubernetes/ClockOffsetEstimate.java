package io.inferenceperf.kubernetes;

/**
 * How far this machine's wall clock is from the Kubernetes API server's, from the {@code Date} headers of its
 * answers. A Date header has whole seconds, so one answer only bounds the offset to a window of a second plus the
 * round trip; every answer narrows the window (the intersection of all of them), and answers spread over a few
 * seconds bring it down to about the round trip.
 *
 * <p>For answer {@code i}, sent at local {@code sentMillis} and received at local {@code receivedMillis} with
 * {@code Date: D}: the server read its clock somewhere in between, and its clock then showed a time in [D, D + 1 s),
 * so server minus local lies in (D - receivedMillis, D + 1000 - sentMillis).
 */
public final class ClockOffsetEstimate {
  private long lowMillis = Long.MIN_VALUE;
  private long highMillis = Long.MAX_VALUE;
  private int samples;
  private long lastLowMillis;
  private long lastHighMillis;

  /**
   * @param sentMillis this machine's wall clock just before the request
   * @param receivedMillis this machine's wall clock just after the answer
   * @param serverDateMillis the answer's Date header, in milliseconds since the epoch (a whole second)
   */
  public void add(long sentMillis, long receivedMillis, long serverDateMillis) {
    long low = serverDateMillis - receivedMillis;
    long high = serverDateMillis + 1000 - sentMillis;
    samples++;
    lastLowMillis = low;
    lastHighMillis = high;
    lowMillis = Math.max(lowMillis, low);
    highMillis = Math.min(highMillis, high);
    if (lowMillis > highMillis) { // a clock stepped meanwhile: only the latest answer still holds
      lowMillis = low;
      highMillis = high;
    }
  }

  public int samples() {
    return samples;
  }

  /** The estimate so far, or null without any answer. */
  public ClockOffset offset() {
    if (samples == 0) return null;
    long low = lowMillis == Long.MIN_VALUE ? lastLowMillis : lowMillis;
    long high = highMillis == Long.MAX_VALUE ? lastHighMillis : highMillis;
    return new ClockOffset((low + high) / 2.0, (high - low) / 2.0, samples);
  }

  /**
   * The API server's clock minus this machine's.
   *
   * @param offsetMillis positive when this machine's clock is behind the API server's
   * @param uncertaintyMillis half the width of the window the offset is known to lie in
   * @param samples how many answers went into it
   */
  public record ClockOffset(double offsetMillis, double uncertaintyMillis, int samples) {}
}
