package io.inferenceperf.breaker;

import java.util.List;
import java.util.function.Supplier;

/**
 * One named breaker: every sample goes to every trigger; the first trigger to fire opens the breaker for good
 * (inference-perf never closes one; {@link #reset()} is ours, for a next stage). Not thread-safe: fed from one
 * thread.
 */
public final class Breaker {

  /**
   * Why a breaker opened.
   *
   * @param trigger the trigger that fired, described in config terms
   * @param samples samples (counted requests) fed to the breaker until then
   * @param nanos the time of the sample that opened it
   * @param evidence the ids of the hits the trigger fired on, oldest first
   */
  public record Trip(String breaker, String trigger, long samples, long nanos, List<Long> evidence) {}

  private final String name;
  private final Supplier<List<Trigger>> fresh;
  private List<Trigger> current;
  private long samples;
  private Trip trip;

  /** A breaker over the triggers {@code fresh} makes, anew at each {@link #reset()}; none: it never opens. */
  public Breaker(String name, Supplier<List<Trigger>> fresh) {
    this.name = name;
    this.fresh = fresh;
    this.current = List.copyOf(fresh.get());
  }

  /** A breaker over these trigger instances, never reset (as inference-perf's). */
  public Breaker(String name, List<Trigger> triggers) {
    this(name, () -> {
      throw new IllegalStateException("breaker " + name + " was built without fresh triggers: it cannot reset");
    }, List.copyOf(triggers));
  }

  private Breaker(String name, Supplier<List<Trigger>> fresh, List<Trigger> triggers) {
    this.name = name;
    this.fresh = fresh;
    this.current = triggers;
  }

  /** Feeds one sample; returns the trip if the breaker opens now, else null (also when it was open already). */
  public Trip add(boolean hit, long nanos) {
    return add(hit, nanos, -1);
  }

  /** Feeds one sample of request {@code id}; returns the trip if the breaker opens now, else null. */
  public Trip add(boolean hit, long nanos, long id) {
    if (trip != null) return null;
    samples++;
    for (Trigger trigger : current) {
      if (trigger.add(hit, nanos, id) && trip == null) {
        trip = new Trip(name, trigger.describe(), samples, nanos, trigger.evidence());
      }
    }
    return trip;
  }

  /** Closes the breaker and starts every trigger afresh. */
  public void reset() {
    trip = null;
    samples = 0;
    current = List.copyOf(fresh.get());
  }

  public String name() {
    return name;
  }

  public boolean open() {
    return trip != null;
  }

  public Trip trip() {
    return trip;
  }
}
