package io.inferenceperf.data.parquet;

/** ZSTD pages, through zstd-jni (native zstd, bundled for the common platforms in its jar). */
final class Zstd {

  private Zstd() {}

  static byte[] decompress(byte[] input, int offset, int length, int expected) {
    byte[] out = new byte[expected];
    long written;
    try {
      written = com.github.luben.zstd.Zstd.decompressByteArray(out, 0, expected, input, offset, length);
    } catch (RuntimeException e) {
      throw new ByteCursor.Truncated("a ZSTD page is damaged (" + e.getMessage() + ")");
    } catch (LinkageError e) {
      throw new ByteCursor.Truncated("ZSTD pages need zstd-jni's native library, which does not load on this"
          + " platform (" + e.getMessage() + "); rewrite the file with SNAPPY or GZIP");
    }
    if (written != expected) {
      throw new ByteCursor.Truncated("a ZSTD page inflates to " + written + " bytes, its header says " + expected);
    }
    return out;
  }
}
