package io.inferenceperf.data.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Parquet's compression codecs (Thrift CompressionCodec values): which are read, and decompression. */
final class Codec {

  private static final String[] NAMES = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD",
      "LZ4_RAW"};
  static final int UNCOMPRESSED = 0;
  static final int SNAPPY = 1;
  static final int GZIP = 2;
  static final int ZSTD = 6;

  private Codec() {}

  static String name(int codec) {
    return codec >= 0 && codec < NAMES.length ? NAMES[codec] : "codec " + codec;
  }

  /** Null when the codec is read, else why not. */
  static String unsupported(int codec) {
    if (codec == UNCOMPRESSED || codec == SNAPPY || codec == GZIP || codec == ZSTD) return null;
    return "its columns are compressed with " + name(codec) + ", which is not read (UNCOMPRESSED, SNAPPY, GZIP and"
        + " ZSTD are); rewrite the file with one of those (e.g. pyarrow.parquet.write_table(...,"
        + " compression=\"snappy\"))";
  }

  /** {@code length} bytes at {@code offset} decompressed to exactly {@code expected} bytes. */
  static byte[] decompress(int codec, byte[] input, int offset, int length, int expected) {
    return switch (codec) {
      case UNCOMPRESSED -> {
        if (length != expected) {
          throw new ByteCursor.Truncated("an uncompressed page of " + length + " bytes says " + expected);
        }
        byte[] out = new byte[length];
        System.arraycopy(input, offset, out, 0, length);
        yield out;
      }
      case SNAPPY -> Snappy.decompress(input, offset, length, expected);
      case GZIP -> gzip(input, offset, length, expected);
      case ZSTD -> Zstd.decompress(input, offset, length, expected);
      default -> throw new ByteCursor.Truncated(unsupported(codec));
    };
  }

  private static byte[] gzip(byte[] input, int offset, int length, int expected) {
    // GZIPInputStream reads concatenated members too, as some writers produce.
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input, offset, length))) {
      byte[] out = in.readNBytes(expected);
      if (out.length != expected || in.read() != -1) {
        throw new ByteCursor.Truncated("a GZIP page does not inflate to the " + expected + " bytes its header says");
      }
      return out;
    } catch (IOException e) {
      throw new ByteCursor.Truncated("a GZIP page is damaged (" + e.getMessage() + ")");
    }
  }
}
