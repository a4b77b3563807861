package io.inferenceperf.api;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random damage to a JSON chunk: truncation, a changed byte, inserted whitespace, a dropped or doubled span. */
final class Mutations {

  /** Bytes that change JSON's meaning, begin or break UTF-8 sequences, or are whitespace of either kind. */
  private static final byte[] INTERESTING = {
    '"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '9', '-', '+', '.', 'e', 'E', 'u', 'n', 't', 'f', 'x', ' ',
    '\t', '\n', '\r', '\f', 0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3, (byte) 0xE2,
    (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF
  };
  private static final byte[] WHITESPACE = {' ', '\t', '\n', '\r'};

  private Mutations() {}

  static byte[] mutate(byte[] json, SplittableRandom random) {
    if (json.length == 0) {
      return json;
    }
    int at = random.nextInt(json.length);
    return switch (random.nextInt(7)) {
      case 0 -> Arrays.copyOf(json, at); // truncated
      case 1 -> replace(json, at, (byte) random.nextInt(256));
      case 2 -> replace(json, at, INTERESTING[random.nextInt(INTERESTING.length)]);
      case 3 -> insert(json, at, WHITESPACE[random.nextInt(WHITESPACE.length)]);
      case 4 -> insert(json, at, INTERESTING[random.nextInt(INTERESTING.length)]);
      case 5 -> remove(json, at, 1 + random.nextInt(Math.min(8, json.length - at)));
      default -> replace(json, at, (byte) (json[at] ^ (1 << random.nextInt(8)))); // one bit flipped
    };
  }

  private static byte[] replace(byte[] json, int at, byte value) {
    byte[] out = json.clone();
    out[at] = value;
    return out;
  }

  private static byte[] insert(byte[] json, int at, byte value) {
    byte[] out = new byte[json.length + 1];
    System.arraycopy(json, 0, out, 0, at);
    out[at] = value;
    System.arraycopy(json, at, out, at + 1, json.length - at);
    return out;
  }

  private static byte[] remove(byte[] json, int at, int count) {
    byte[] out = new byte[json.length - count];
    System.arraycopy(json, 0, out, 0, at);
    System.arraycopy(json, at + count, out, at, json.length - at - count);
    return out;
  }
}
