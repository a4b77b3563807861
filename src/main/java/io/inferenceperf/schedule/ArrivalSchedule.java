package io.inferenceperf.schedule;

/**
 * The intended send times of an open-loop stage, as offsets from the stage start. A pure, deterministic sequence:
 * the same schedule yields the same offsets every time, which makes arrival times reproducible run to run.
 */
public sealed interface ArrivalSchedule permits ConstantArrivals, PoissonArrivals, TraceArrivals {

  /** A fresh cursor over the offsets, never decreasing; each offset is below the stage duration. */
  Cursor cursor();

  /** Iterates offsets without boxing. */
  interface Cursor {
    /** The next offset in nanoseconds from the stage start, or -1 when the stage has no more arrivals. */
    long nextOffsetNanos();
  }
}
