package io.inferenceperf.metrics;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every value of one distribution, up to a cap, for exact percentiles. Values go into a heap block; with a
 * {@link SpillFile}, a full block is written to it and the block reused, so the heap holds at most one block per
 * distribution and the rest waits on disk until a report sorts it. Without one, the block simply grows to the cap.
 *
 * <p>If the scratch file cannot be written (disk full, read-only directory), the values stay in memory from then
 * on, bounded by the cap as before; if it cannot be read back, {@link #sorted()} says so and the caller falls back to
 * its histogram. Not thread-safe.
 */
final class ExactValues {

  private static final Logger LOG = LoggerFactory.getLogger(ExactValues.class);
  private static final int FIRST_BLOCK_VALUES = 16;
  // A failing disk fails every stage's scratch file alike: one warning per process and kind is enough.
  private static final AtomicBoolean WRITE_WARNED = new AtomicBoolean();
  private static final AtomicBoolean READ_WARNED = new AtomicBoolean();

  private final int cap;
  private final SpillFile spill;
  private boolean spilling;
  private int blockValues;

  private long[] block;
  private int blockSize;
  private boolean blockSorted = true;

  private long[] spillOffsets = new long[0];
  private int[] spillLengths = new int[0];
  private int spilledBlocks;
  private long spilledValues;
  private int readBacks;

  /**
   * @param cap the most values kept; past it the caller stops asking
   * @param spill where full blocks go, or null to keep everything in memory
   * @param blockValues values held in memory before a block is written to {@code spill}
   */
  ExactValues(int cap, SpillFile spill, int blockValues) {
    this.cap = cap;
    this.spill = spill;
    this.spilling = spill != null;
    this.blockValues = spill == null ? cap : Math.max(1, Math.min(blockValues, cap));
    this.block = new long[Math.min(FIRST_BLOCK_VALUES, this.blockValues)];
  }

  /** How many times {@link #sorted()} read spilled values back from disk (for tests). */
  int readBacks() {
    return readBacks;
  }

  long size() {
    return spilledValues + blockSize;
  }

  /** Adds {@code times} copies of {@code value}; false (and nothing added) when that would pass the cap. */
  boolean add(long value, long times) {
    if (size() + times > cap) {
      return false;
    }
    for (long left = times; left > 0; ) {
      int n = (int) Math.min(left, roomInBlock());
      Arrays.fill(block, blockSize, blockSize + n, value);
      blockSize += n;
      left -= n;
      afterWrite();
    }
    return true;
  }

  /** Adds every value of {@code other} (unchanged); false when that would pass the cap or other cannot be read. */
  boolean addAll(ExactValues other) {
    if (size() + other.size() > cap) {
      return false;
    }
    // Snapshot what other holds now: other may be this very store (a distribution merged into itself), whose
    // blocks grow as the loop appends.
    int blocks = other.spilledBlocks;
    long[] tail = Arrays.copyOf(other.block, other.blockSize);
    long[] scratch = null;
    for (int i = 0; i < blocks; i++) {
      int length = other.spillLengths[i];
      if (scratch == null || scratch.length < length) {
        scratch = new long[length];
      }
      try {
        other.spill.read(other.spillOffsets[i], scratch, 0, length);
      } catch (IOException | RuntimeException e) {
        warnUnreadable(e);
        return false;
      }
      addAll(scratch, length);
    }
    addAll(tail, tail.length);
    return true;
  }

  /**
   * Every value in ascending order; the array may be longer than {@link #size()} (only the first size() count).
   * Null when spilled values cannot be read back. With nothing spilled the in-memory block is sorted in place and
   * returned (no copy); otherwise a new array of size() values is built, which the caller drops after use.
   */
  long[] sorted() {
    if (spilledBlocks == 0) {
      if (!blockSorted) {
        Arrays.sort(block, 0, blockSize);
        blockSorted = true;
      }
      return block;
    }
    readBacks++;
    long[] all = new long[Math.toIntExact(size())];
    int at = 0;
    try {
      for (int i = 0; i < spilledBlocks; i++) {
        spill.read(spillOffsets[i], all, at, spillLengths[i]);
        at += spillLengths[i];
      }
    } catch (IOException | RuntimeException e) {
      warnUnreadable(e);
      return null;
    }
    System.arraycopy(block, 0, all, at, blockSize);
    Arrays.sort(all);
    return all;
  }

  private static void warnUnreadable(Exception e) {
    if (READ_WARNED.compareAndSet(false, true)) {
      LOG.warn("cannot read exact values back from their scratch file ({}); percentiles fall back to the histogram "
          + "(logged once)", message(e));
    }
  }

  private static String message(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private void addAll(long[] values, int n) {
    for (int done = 0; done < n; ) {
      int chunk = (int) Math.min(n - done, roomInBlock());
      System.arraycopy(values, done, block, blockSize, chunk);
      blockSize += chunk;
      done += chunk;
      afterWrite();
    }
  }

  /** Room in the block, growing it (by half, up to blockValues) when it is full. */
  private int roomInBlock() {
    if (blockSize == block.length && block.length < blockValues) {
      long grown = Math.max(block.length + 1L, block.length + (block.length >> 1));
      block = Arrays.copyOf(block, (int) Math.min(grown, blockValues));
    }
    int room = Math.min(block.length, blockValues) - blockSize;
    if (room <= 0) {
      throw new IllegalStateException("exact-value block full: " + blockSize + " of " + blockValues);
    }
    return room;
  }

  private void afterWrite() {
    blockSorted = false;
    if (spilling && blockSize >= blockValues) {
      writeBlock();
    }
  }

  private void writeBlock() {
    try {
      long offset = spill.append(block, 0, blockSize);
      if (spilledBlocks == spillOffsets.length) {
        int grown = Math.max(8, spilledBlocks * 2);
        spillOffsets = Arrays.copyOf(spillOffsets, grown);
        spillLengths = Arrays.copyOf(spillLengths, grown);
      }
      spillOffsets[spilledBlocks] = offset;
      spillLengths[spilledBlocks] = blockSize;
      spilledBlocks++;
      spilledValues += blockSize;
      blockSize = 0;
    } catch (IOException | RuntimeException e) {
      // Keep what was written readable, hold the rest in memory (bounded by the cap, as without a scratch file).
      if (WRITE_WARNED.compareAndSet(false, true)) {
        LOG.warn("{}; exact values are kept in memory instead (logged once)", message(e));
      }
      spilling = false;
      blockValues = cap;
    }
  }
}
