package io.inferenceperf.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pieces and their types from a SentencePiece tokenizer.model (a protobuf {@code ModelProto}: field 1
 * repeats {@code SentencePiece {string piece = 1; float score = 2; Type type = 3}}, field 3 is the
 * {@code NormalizerSpec}), which the native library does not expose. Pure, minimal protobuf decoding: varints and length-delimited fields only, skipping everything else.
 */
final class SentencePieceModelFile {

  /** SentencePiece piece types (sentencepiece_model.proto). */
  static final int NORMAL = 1;
  static final int UNKNOWN = 2;
  static final int CONTROL = 3;
  static final int USER_DEFINED = 4;
  static final int UNUSED = 5;
  static final int BYTE = 6;

  /**
   * What we need from a model file.
   *
   * @param pieces the text of every piece, indexed by id
   * @param types the type of every piece
   * @param addDummyPrefix normalizer_spec.add_dummy_prefix: a space was put before the text when encoding
   */
  record Model(String[] pieces, int[] types, boolean addDummyPrefix) {}

  private SentencePieceModelFile() {}

  static Model read(byte[] model) {
    Reader reader = new Reader(model, 0, model.length);
    List<String> pieces = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    boolean addDummyPrefix = true; // the proto default
    while (reader.hasMore()) {
      long key = reader.varint();
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (wireType == 2 && (field == 1 || field == 3)) {
        int length = (int) reader.varint();
        Reader message = new Reader(model, reader.position, reader.position + length);
        if (field == 1) {
          readPiece(message, pieces, types);
        } else {
          addDummyPrefix = readAddDummyPrefix(message);
        }
        reader.position += length;
      } else {
        reader.skip(wireType);
      }
    }
    return new Model(pieces.toArray(String[]::new), types.stream().mapToInt(Integer::intValue).toArray(),
        addDummyPrefix);
  }

  private static void readPiece(Reader message, List<String> pieces, List<Integer> types) {
    String piece = "";
    int type = NORMAL; // the proto default
    while (message.hasMore()) {
      long key = message.varint();
      if ((key >>> 3) == 1 && (key & 7) == 2) {
        int length = (int) message.varint();
        piece = new String(message.data, message.position, length, StandardCharsets.UTF_8);
        message.position += length;
      } else if ((key >>> 3) == 3 && (key & 7) == 0) {
        type = (int) message.varint();
      } else {
        message.skip((int) (key & 7));
      }
    }
    pieces.add(piece);
    types.add(type);
  }

  /** NormalizerSpec field 3. */
  private static boolean readAddDummyPrefix(Reader message) {
    boolean value = true;
    while (message.hasMore()) {
      long key = message.varint();
      if ((key >>> 3) == 3 && (key & 7) == 0) {
        value = message.varint() != 0;
      } else {
        message.skip((int) (key & 7));
      }
    }
    return value;
  }

  private static final class Reader {
    private final byte[] data;
    private final int end;
    int position;

    Reader(byte[] data, int start, int end) {
      this.data = data;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("truncated tokenizer.model");
        }
        byte b = data[position++];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint in tokenizer.model");
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> {
          int length = (int) varint(); // read first: "position += varint()" would add to the old position
          position += length;
        }
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
      }
    }
  }
}
