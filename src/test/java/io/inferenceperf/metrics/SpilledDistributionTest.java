package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ReportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributions whose exact values wait on disk (a real scratch file in a temporary directory) must give the same
 * numbers as the all-in-memory ones, hold no more than one block on the heap, leave no file behind, and keep working
 * when the disk cannot be written or read.
 */
@Timeout(60) // a block-splitting bug loops forever (it did once); fail instead of hanging the build
class SpilledDistributionTest {

  private static final List<Double> PS = List.of(0.0, 0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 100.0);

  @TempDir Path dir;

  private static long[] values(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = (long) (1e6 * Math.exp(random.nextDouble() * 9.2)) - 2_000_000L; // some negative
    }
    return values;
  }

  private static void recordAll(LongDistribution distribution, long[] values) {
    for (long value : values) {
      distribution.record(value);
    }
  }

  @Test
  void spilledPercentilesEqualInMemoryOnesAndTheHeapHoldsOneBlock() throws IOException {
    long[] values = values(20_000, 1);
    LongDistribution inMemory = new LongDistribution(1_000_000);
    SpillFile spill = new SpillFile(dir);
    LongDistribution spilled = new LongDistribution(1_000_000, spill, 37);
    recordAll(inMemory, values);
    recordAll(spilled, values);

    assertTrue(spilled.exact());
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS));
    assertEquals(inMemory.summarize(PS, 1e9), spilled.summarize(PS, 1e9));
    // 20,000 values in blocks of 37: 540 full blocks on disk, the remaining 20 on the heap
    assertEquals(540L * 37 * Long.BYTES, spill.sizeBytes());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "the scratch file is unlinked as soon as it is open");
    }
    // asked twice: the second read-back gives the same answer
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS));
  }

  @Test
  void theReportsReadASpilledDistributionBackOnceUntilAValueArrives() {
    long[] values = values(3_000, 10);
    LongDistribution inMemory = new LongDistribution(10_000);
    SpillFile spill = new SpillFile(dir);
    LongDistribution spilled = new LongDistribution(10_000, spill, 100);
    recordAll(inMemory, values);
    recordAll(spilled, values);
    spilled.percentiles(List.of(50.0, 99.0)); // client health
    spilled.summarize(ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES, 1e9); // stage report
    spilled.percentiles(List.of(50.0, 90.0)); // tables
    spilled.percentile(97.5); // one nobody asked for before: read again
    assertEquals(2, spilled.readBacks(), "read for the first call and for 97.5 only");
    spilled.record(42);
    inMemory.record(42);
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS), "a new value is seen");
    assertEquals(3, spilled.readBacks());
    assertEquals(inMemory.percentile(97.5), spilled.percentile(97.5), 0.0);
  }

  @Test
  void repeatedValuesLongerThanABlockAreSplitAcrossBlocks() {
    LongDistribution inMemory = new LongDistribution(10_000);
    LongDistribution spilled = new LongDistribution(10_000, new SpillFile(dir), 8);
    for (int i = 0; i < 50; i++) {
      inMemory.recordRepeated(i * 1000L, 1 + i % 29);
      spilled.recordRepeated(i * 1000L, 1 + i % 29);
    }
    assertEquals(inMemory.count(), spilled.count());
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS));
  }

  @Test
  void mergesAcrossSpilledAndInMemoryEqualOneDistributionOfAllValues() {
    long[] first = values(3_001, 2);
    long[] second = values(4_999, 3);
    LongDistribution all = new LongDistribution(100_000);
    recordAll(all, first);
    recordAll(all, second);

    SpillFile spill = new SpillFile(dir);
    LongDistribution spilledFirst = new LongDistribution(100_000, spill, 64);
    LongDistribution spilledSecond = new LongDistribution(100_000, spill, 50);
    LongDistribution memorySecond = new LongDistribution(100_000);
    recordAll(spilledFirst, first);
    recordAll(spilledSecond, second);
    recordAll(memorySecond, second);

    LongDistribution intoSpilled = new LongDistribution(100_000, new SpillFile(dir), 100);
    intoSpilled.merge(spilledFirst);
    intoSpilled.merge(memorySecond);
    LongDistribution intoMemory = new LongDistribution(100_000);
    intoMemory.merge(spilledFirst);
    intoMemory.merge(spilledSecond);

    assertTrue(intoSpilled.exact());
    assertTrue(intoMemory.exact());
    assertArrayEquals(all.percentiles(PS), intoSpilled.percentiles(PS));
    assertArrayEquals(all.percentiles(PS), intoMemory.percentiles(PS));
    assertArrayEquals(values(3_001, 2), first, "merging left its sources unchanged");
    assertEquals(3_001, spilledFirst.count());
  }

  @Test
  void aSpilledDistributionMergedIntoItselfDoublesEveryValueOnce() {
    long[] values = values(1_000, 8);
    LongDistribution inMemory = new LongDistribution(10_000);
    LongDistribution spilled = new LongDistribution(10_000, new SpillFile(dir), 64);
    recordAll(inMemory, values);
    recordAll(spilled, values);
    inMemory.merge(inMemory);
    spilled.merge(spilled);
    assertEquals(2_000, spilled.count());
    assertTrue(spilled.exact());
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS));
  }

  @Test
  void anInterruptedThreadStillReadsItsSpilledValuesAndKeepsItsInterrupt() {
    long[] values = values(5_000, 9);
    LongDistribution inMemory = new LongDistribution(10_000);
    LongDistribution spilled = new LongDistribution(10_000, new SpillFile(dir), 100);
    recordAll(inMemory, values);
    Thread.currentThread().interrupt();
    try {
      recordAll(spilled, values);
      double[] read = spilled.percentiles(PS);
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
      assertArrayEquals(inMemory.percentiles(PS), read);
      assertTrue(spilled.exact());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void pastTheCapASpilledDistributionSwitchesToTheHistogram() {
    LongDistribution spilled = new LongDistribution(500, new SpillFile(dir), 16);
    recordAll(spilled, values(501, 4));
    assertFalse(spilled.exact());
    assertEquals(501, spilled.count());
    assertEquals(spilled.percentiles(List.of(50.0))[0], spilled.percentile(50), 0.0);
  }

  @Test
  void anUnwritableDirectoryKeepsTheValuesInMemoryAndExact() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
    long[] values = values(1_000, 5);
    LongDistribution inMemory = new LongDistribution(10_000);
    LongDistribution spilled = new LongDistribution(10_000, new SpillFile(notADirectory), 10);
    recordAll(inMemory, values);
    recordAll(spilled, values);
    assertTrue(spilled.exact());
    assertArrayEquals(inMemory.percentiles(PS), spilled.percentiles(PS));
  }

  @Test
  void afterCloseSpilledValuesAreGoneAndTheHistogramAnswers() {
    long[] values = values(2_000, 6);
    SpillFile spill = new SpillFile(dir);
    LongDistribution spilled = new LongDistribution(10_000, spill, 100);
    LongDistribution hdr = new LongDistribution(0);
    recordAll(spilled, values);
    recordAll(hdr, values);
    spill.close();
    assertArrayEquals(hdr.percentiles(PS), spilled.percentiles(PS));
    assertFalse(spilled.exact());
  }

  @Test
  void aStageAggregateWritesOneScratchFileAndCloseFreesIt() throws IOException {
    AggregationSettings settings = AggregationSettings.defaults().withSpill(new AggregationSettings.Spill(dir, 5));
    AggregationSettings memory = settings.withSpill(AggregationSettings.Spill.IN_MEMORY);
    RecordGenerator generator = new RecordGenerator(7);
    StageAggregate spilled = new StageAggregate(settings);
    StageAggregate inMemory = new StageAggregate(memory);
    generator.stage(0, 200, 20.0, RecordGenerator.ORIGIN_NANOS, 0, 0.1).forEach(record -> {
      spilled.add(record);
      inMemory.add(record);
    });
    for (var pair : List.of(List.of(spilled.distribution(Metric.TTFT), inMemory.distribution(Metric.TTFT)),
        List.of(spilled.distribution(Metric.ITL), inMemory.distribution(Metric.ITL)), List.of(spilled.distribution(Metric.TPOT), inMemory.distribution(Metric.TPOT)),
        List.of(spilled.distribution(Metric.FAILURE_LATENCY), inMemory.distribution(Metric.FAILURE_LATENCY)))) {
      assertEquals(pair.get(1).summarize(PS, 1), pair.get(0).summarize(PS, 1));
    }
    spilled.close();
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
    // the ITL values were on disk: once it is freed, a percentile not computed before comes from the histogram
    spilled.distribution(Metric.ITL).percentile(97.5);
    assertFalse(spilled.distribution(Metric.ITL).exact());
    assertTrue(inMemory.distribution(Metric.ITL).exact());
  }
}
