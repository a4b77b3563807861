package io.inferenceperf.media;

import java.io.ByteArrayOutputStream;

/**
 * A baseline JPEG (JFIF, YCbCr 4:4:4) of one colour, written by hand. Every 8x8 block of a flat image has only a DC
 * coefficient, so after the first block each block is "no change, end of block": a few bits, which makes encoding
 * cost about a byte per block instead of a DCT per block. The quantisation tables are the standard ones scaled to
 * quality 75 (as inference-perf encodes), the DC Huffman tables the standard ones; the AC tables hold only the
 * end-of-block code, the only AC symbol a flat image needs.
 */
final class SolidJpeg {

  private static final int[] NATURAL_ORDER = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
    54, 47, 55, 62, 63};
  private static final int[] LUMA_QUANT = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
    87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120,
    101, 72, 92, 95, 98, 112, 100, 103, 99};
  private static final int[] CHROMA_QUANT = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99};
  /** Codes per length 1..16 of the standard DC tables (symbols 0..11: the bit length of the DC difference). */
  private static final int[] LUMA_DC_BITS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  private static final int[] CHROMA_DC_BITS = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
  /** An AC table with the end-of-block symbol (0x00) alone, coded "0". */
  private static final int[] EOB_ONLY_BITS = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private static final int QUALITY_SCALE = 50; // IJG scaling for quality 75: 200 - 2 x 75

  private SolidJpeg() {}

  static byte[] encode(int width, int height, int rgb) {
    int r = rgb >> 16 & 0xFF;
    int g = rgb >> 8 & 0xFF;
    int b = rgb & 0xFF;
    double y = 0.299 * r + 0.587 * g + 0.114 * b;
    double cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
    double cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
    int[] luma = scaled(LUMA_QUANT);
    int[] chroma = scaled(CHROMA_QUANT);
    int[] dc = {quantisedDc(y, luma[0]), quantisedDc(cb, chroma[0]), quantisedDc(cr, chroma[0])};
    long blocks = (long) ((width + 7) / 8) * ((height + 7) / 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, 1024 + blocks * 2));
    headers(out, width, height, luma, chroma);
    scan(out, blocks, dc);
    marker(out, 0xD9);
    return out.toByteArray();
  }

  private static int[] scaled(int[] base) {
    int[] table = new int[64];
    for (int i = 0; i < 64; i++) table[i] = Math.clamp((base[i] * QUALITY_SCALE + 50) / 100, 1, 255);
    return table;
  }

  /** DC of a flat block of {@code sample}: 8 x (sample - 128), quantised. */
  private static int quantisedDc(double sample, int quant) {
    return (int) Math.round(8 * (Math.clamp(Math.round(sample), 0, 255) - 128) / (double) quant);
  }

  private static void headers(ByteArrayOutputStream out, int width, int height, int[] luma, int[] chroma) {
    marker(out, 0xD8);
    marker(out, 0xE0);
    out.writeBytes(new byte[] {0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
    marker(out, 0xDB);
    short16(out, 2 + 2 * 65);
    quantTable(out, 0, luma);
    quantTable(out, 1, chroma);
    marker(out, 0xC0);
    short16(out, 17);
    out.write(8);
    short16(out, height);
    short16(out, width);
    out.write(3);
    out.writeBytes(new byte[] {1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1});
    marker(out, 0xC4);
    short16(out, 2 + (17 + 12) * 2 + (17 + 1) * 2);
    huffmanTable(out, 0x00, LUMA_DC_BITS, 12);
    huffmanTable(out, 0x10, EOB_ONLY_BITS, 1);
    huffmanTable(out, 0x01, CHROMA_DC_BITS, 12);
    huffmanTable(out, 0x11, EOB_ONLY_BITS, 1);
    marker(out, 0xDA);
    short16(out, 12);
    out.writeBytes(new byte[] {3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0});
  }

  private static void quantTable(ByteArrayOutputStream out, int id, int[] table) {
    out.write(id);
    for (int k = 0; k < 64; k++) out.write(table[NATURAL_ORDER[k]]);
  }

  /** A table class/id byte, the 16 code counts, then symbols 0..symbols-1 in order. */
  private static void huffmanTable(ByteArrayOutputStream out, int classAndId, int[] bits, int symbols) {
    out.write(classAndId);
    for (int count : bits) out.write(count);
    for (int s = 0; s < symbols; s++) out.write(s);
  }

  /** Every block: the DC difference (the colour in the first MCU, 0 after), then end of block. */
  private static void scan(ByteArrayOutputStream out, long blocks, int[] dc) {
    int[][] lumaCodes = canonicalCodes(LUMA_DC_BITS, 12);
    int[][] chromaCodes = canonicalCodes(CHROMA_DC_BITS, 12);
    BitWriter bits = new BitWriter(out);
    for (long mcu = 0; mcu < blocks; mcu++) {
      for (int component = 0; component < 3; component++) {
        int[][] codes = component == 0 ? lumaCodes : chromaCodes;
        int diff = mcu == 0 ? dc[component] : 0;
        int category = diff == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
        bits.write(codes[category][0], codes[category][1]);
        if (category > 0) bits.write(diff > 0 ? diff : diff - 1 + (1 << category), category);
        bits.write(0, 1); // end of block
      }
    }
    bits.flush();
  }

  /** code and length of each symbol of a canonical Huffman table given its code counts per length. */
  private static int[][] canonicalCodes(int[] bits, int symbols) {
    int[][] codes = new int[symbols][];
    int code = 0;
    int symbol = 0;
    for (int length = 1; length <= 16; length++) {
      for (int i = 0; i < bits[length - 1]; i++) codes[symbol++] = new int[] {code++, length};
      code <<= 1;
    }
    return codes;
  }

  private static void marker(ByteArrayOutputStream out, int code) {
    out.write(0xFF);
    out.write(code);
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write(value >> 8);
    out.write(value);
  }

  /** Entropy-coded bits, most significant first, with a 0x00 stuffed after every 0xFF; padded with 1 bits. */
  private static final class BitWriter {
    private final ByteArrayOutputStream out;
    private int buffer;
    private int count;

    BitWriter(ByteArrayOutputStream out) {
      this.out = out;
    }

    void write(int value, int length) {
      for (int i = length - 1; i >= 0; i--) {
        buffer = buffer << 1 | (value >> i & 1);
        if (++count == 8) emit();
      }
    }

    void flush() {
      while (count != 0) {
        buffer = buffer << 1 | 1;
        if (++count == 8) emit();
      }
    }

    private void emit() {
      out.write(buffer);
      if ((buffer & 0xFF) == 0xFF) out.write(0);
      buffer = 0;
      count = 0;
    }
  }
}
