package io.inferenceperf.bench;

import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.StageAggregate;
import io.inferenceperf.record.RequestRecord;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of aggregating one streamed request of 32 chunks (the recorder thread's per-record work): with the default
 * settings over a whole iteration (exact values spilled to a scratch file until 2^22 values per distribution, so
 * every distribution moves to histogram-only during the first iteration), histogram only, and exact throughout (a
 * fresh aggregate every {@value #EXACT_RUN} records, under the cap) with the values spilled to disk or kept in
 * memory. Run: scripts/jmh.sh AggregationBench -f 1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregationBench {

  private static final int POOL = 4096;
  private static final int EXACT_RUN = 1 << 16;

  private final RequestRecord[] records = new RequestRecord[POOL];
  private StageAggregate exact;
  private StageAggregate hdr;
  private StageAggregate spilled;
  private StageAggregate inMemory;
  private int next;

  @Setup(Level.Trial)
  public void makeRecords() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < POOL; i++) {
      records[i] = ScaleCheck.streamedRecord(random, i, 32);
    }
  }

  @Setup(Level.Iteration)
  public void freshAggregates() {
    AggregationSettings settings = AggregationSettings.defaults();
    closeAll();
    exact = new StageAggregate(settings);
    hdr = new StageAggregate(settings.withExactValuesCap(0));
    spilled = new StageAggregate(settings);
    inMemory = new StageAggregate(settings.withSpill(AggregationSettings.Spill.IN_MEMORY));
  }

  @TearDown(Level.Iteration)
  public void closeAll() {
    for (StageAggregate aggregate : new StageAggregate[] {exact, hdr, spilled, inMemory}) {
      if (aggregate != null) aggregate.close();
    }
  }

  @Benchmark
  public StageAggregate addDefaultCap() {
    exact.add(records[next++ & (POOL - 1)]);
    return exact;
  }

  @Benchmark
  public StageAggregate addExactSpilled() {
    if (spilled.count() == EXACT_RUN) {
      spilled.close();
      spilled = new StageAggregate(AggregationSettings.defaults());
    }
    spilled.add(records[next++ & (POOL - 1)]);
    return spilled;
  }

  @Benchmark
  public StageAggregate addExactInMemory() {
    if (inMemory.count() == EXACT_RUN) {
      inMemory = new StageAggregate(AggregationSettings.defaults().withSpill(AggregationSettings.Spill.IN_MEMORY));
    }
    inMemory.add(records[next++ & (POOL - 1)]);
    return inMemory;
  }

  @Benchmark
  public StageAggregate addHistogramOnly() {
    hdr.add(records[next++ & (POOL - 1)]);
    return hdr;
  }
}
