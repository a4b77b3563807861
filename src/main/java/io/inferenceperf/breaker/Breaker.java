package io.inferenceperf.breaker;

import java.util.List;

/**
 * One named breaker: every sample goes to every trigger; the first trigger to fire opens the breaker for good
 * (inference-perf never closes one). Not thread-safe: fed from one thread.
 */
public final class Breaker {

  /** Why a breaker opened: its name, the trigger, and the sample count when it fired. */
  public record Trip(String breaker, String trigger, long samples, long nanos) {}

  private final String name;
  private final List<Trigger> triggers;
  private long samples;
  private Trip trip;

  public Breaker(String name, List<Trigger> triggers) {
    if (triggers.isEmpty()) throw new IllegalArgumentException("breaker " + name + " needs a trigger");
    this.name = name;
    this.triggers = List.copyOf(triggers);
  }

  /** Feeds one sample; returns the trip if the breaker opens now, else null (also when it was open already). */
  public Trip add(boolean hit, long nanos) {
    if (trip != null) return null;
    samples++;
    for (Trigger trigger : triggers) {
      if (trigger.add(hit, nanos) && trip == null) {
        trip = new Trip(name, trigger.describe(), samples, nanos);
      }
    }
    return trip;
  }

  public boolean open() {
    return trip != null;
  }

  public Trip trip() {
    return trip;
  }
}
