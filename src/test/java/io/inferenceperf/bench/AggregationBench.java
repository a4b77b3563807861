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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of aggregating one streamed request of 32 chunks (the recorder thread's per-record work), in both
 * distribution modes: with the default exact-values cap (raw arrays + histogram until 2^22 values per
 * distribution, so ITL moves to histogram-only during an iteration) and histogram only.
 * Run: scripts/jmh.sh AggregationBench -f 1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregationBench {

  private static final int POOL = 4096;
  private final RequestRecord[] records = new RequestRecord[POOL];
  private StageAggregate exact;
  private StageAggregate hdr;
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
    exact = new StageAggregate(settings);
    hdr = new StageAggregate(settings.withExactValuesCap(0));
  }

  @Benchmark
  public StageAggregate addDefaultCap() {
    exact.add(records[next++ & (POOL - 1)]);
    return exact;
  }

  @Benchmark
  public StageAggregate addHistogramOnly() {
    hdr.add(records[next++ & (POOL - 1)]);
    return hdr;
  }
}
