package io.inferenceperf.schedule;

/**
 * This load generator's share of a run spread over {@code replicas} of them (load.distributed): the arrivals, and
 * the prompts with them, whose run-wide index {@code i} within a stage has {@code i % replicas == index}. Every
 * replica derives the whole schedule from the same seed and keeps its share, so the union of all shares is exactly
 * the schedule one load generator would send.
 */
public record ReplicaSlice(int replicas, int index) {
  /** The whole schedule: one load generator. */
  public static final ReplicaSlice WHOLE = new ReplicaSlice(1, 0);

  public ReplicaSlice {
    if (replicas < 1) throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
    if (index < 0 || index >= replicas) {
      throw new IllegalArgumentException("index must be in [0, " + replicas + "), got " + index);
    }
  }

  public boolean whole() {
    return replicas == 1;
  }

  /** How many of {@code total} items (indices 0 to total - 1) are this replica's. */
  public long count(long total) {
    if (total <= index) return 0;
    return (total - index + replicas - 1) / replicas;
  }

  /** The run-wide index of this replica's {@code local}-th item. */
  public long globalIndex(long local) {
    return local * replicas + index;
  }

  /** This replica's part of a closed loop's concurrency: an equal share, the remainder to the lowest indices. */
  public int concurrency(int total) {
    return total / replicas + (index < total % replicas ? 1 : 0);
  }

  /** A cursor over this replica's arrivals only. */
  public ArrivalSchedule.Cursor cursor(ArrivalSchedule.Cursor all) {
    if (whole()) return all;
    return new ArrivalSchedule.Cursor() {
      private long next;

      @Override
      public long nextOffsetNanos() {
        long offset;
        while ((offset = all.nextOffsetNanos()) >= 0) {
          if (next++ % replicas == index) return offset;
        }
        return -1;
      }
    };
  }

  @Override
  public String toString() {
    return (index + 1) + " of " + replicas;
  }
}
