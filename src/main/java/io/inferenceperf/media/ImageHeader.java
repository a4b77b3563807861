package io.inferenceperf.media;

/**
 * The format and size of an encoded image, read from its first bytes (the header) without decoding the pixels:
 * what dataset images need to be sent as they are. JPEG (the first SOF segment), PNG (IHDR) and WEBP (VP8, VP8L
 * or VP8X) are read; GIF and BMP are only named, so that a message can say what was skipped.
 *
 * @param format "JPEG", "PNG", "WEBP", "GIF" or "BMP"
 * @param width pixels, 0 when not read (GIF, BMP)
 * @param height pixels, 0 when not read (GIF, BMP)
 */
public record ImageHeader(String format, int width, int height) {

  /** The header of {@code bytes}, or null when they start like no image format named above. */
  public static ImageHeader read(byte[] bytes) {
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) return jpeg(bytes);
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) return png(bytes);
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) return webp(bytes);
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) return new ImageHeader("GIF", 0, 0);
    if (startsWith(bytes, 0, 'B', 'M')) return new ImageHeader("BMP", 0, 0);
    return null;
  }

  /** Whether chat APIs take this format as it is in a data URL (inference-perf passes these three through). */
  public boolean passesThrough() {
    return width > 0 && height > 0 && mimeType() != null;
  }

  /** image/jpeg, image/png or image/webp; null for the formats that are not passed through. */
  public String mimeType() {
    return switch (format) {
      case "JPEG" -> "image/jpeg";
      case "PNG" -> "image/png";
      case "WEBP" -> "image/webp";
      default -> null;
    };
  }

  private static ImageHeader png(byte[] b) {
    if (b.length < 24 || !startsWith(b, 12, 'I', 'H', 'D', 'R')) return new ImageHeader("PNG", 0, 0);
    return new ImageHeader("PNG", int32(b, 16), int32(b, 20));
  }

  /** Walks the segments after SOI up to the first start-of-frame, which holds the size. */
  private static ImageHeader jpeg(byte[] b) {
    int at = 2;
    while (at + 3 < b.length) {
      if ((b[at] & 0xFF) != 0xFF) return new ImageHeader("JPEG", 0, 0);
      int marker = b[at + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        at++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
        at += 2;
        continue;
      }
      int length = uint16(b, at + 2);
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame && at + 8 < b.length) {
        return new ImageHeader("JPEG", uint16(b, at + 7), uint16(b, at + 5));
      }
      if (marker == 0xDA || length < 2) break; // scan data before any frame header: broken
      at += 2 + length;
    }
    return new ImageHeader("JPEG", 0, 0);
  }

  private static ImageHeader webp(byte[] b) {
    if (b.length >= 30 && startsWith(b, 12, 'V', 'P', '8', ' ') && startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
      return new ImageHeader("WEBP", uint16le(b, 26) & 0x3FFF, uint16le(b, 28) & 0x3FFF);
    }
    if (b.length >= 25 && startsWith(b, 12, 'V', 'P', '8', 'L') && (b[20] & 0xFF) == 0x2F) {
      long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
      return new ImageHeader("WEBP", (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
    }
    if (b.length >= 30 && startsWith(b, 12, 'V', 'P', '8', 'X')) {
      return new ImageHeader("WEBP", uint24le(b, 24) + 1, uint24le(b, 27) + 1);
    }
    return new ImageHeader("WEBP", 0, 0);
  }

  private static boolean startsWith(byte[] b, int offset, int... expected) {
    if (b.length < offset + expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if ((b[offset + i] & 0xFF) != expected[i]) return false;
    }
    return true;
  }

  private static int int32(byte[] b, int at) {
    long v = (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    return v > Integer.MAX_VALUE ? 0 : (int) v;
  }

  private static int uint16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static int uint16le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int uint24le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
  }
}
