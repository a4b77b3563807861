package io.inferenceperf.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with an optional size cap (bytes past the cap are counted, not stored). Not thread-safe. */
final class ByteAccumulator {
  private byte[] bytes;
  private int length;
  private long dropped;
  private final int cap;

  ByteAccumulator(int initialCapacity, int cap) {
    this.bytes = new byte[Math.min(initialCapacity, cap)];
    this.cap = cap;
  }

  void append(byte[] src, int offset, int count) {
    int room = cap - length;
    int take = Math.min(room, count);
    dropped += count - take;
    if (take <= 0) {
      return;
    }
    if (length + take > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(length + take, 2L * bytes.length)));
    }
    System.arraycopy(src, offset, bytes, length, take);
    length += take;
  }

  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** The kept bytes as UTF-8 text, noting how many bytes past the cap were left out. */
  String text() {
    return text(length);
  }

  /** At most the first {@code maxBytes} bytes as UTF-8 text, noting how many more bytes there were. */
  String text(int maxBytes) {
    int shown = Math.min(length, maxBytes);
    String text = new String(bytes, 0, shown, StandardCharsets.UTF_8);
    long more = dropped + (length - shown);
    return more == 0 ? text : text + "... (" + more + " more bytes)";
  }
}
