package io.inferenceperf.tokenizer;

import java.util.Arrays;

/** A growable list of ints without boxing, for building token id arrays. Not thread-safe. */
public final class IntList {
  private int[] values;
  private int size;

  public IntList(int initialCapacity) {
    values = new int[Math.max(1, initialCapacity)];
  }

  public void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public void addAll(int[] more) {
    if (size + more.length > values.length) {
      values = Arrays.copyOf(values, Math.max(size * 2, size + more.length));
    }
    System.arraycopy(more, 0, values, size, more.length);
    size += more.length;
  }

  public int size() {
    return size;
  }

  public int get(int index) {
    return values[index];
  }

  /** Drops the last {@code count} values (all of them if there are fewer). */
  public void truncateBy(int count) {
    size = Math.max(0, size - count);
  }

  public int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
