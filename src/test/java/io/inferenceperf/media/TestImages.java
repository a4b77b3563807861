package io.inferenceperf.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/**
 * Small real images for tests: PNG, JPEG, GIF and BMP written by javax.imageio (two colours, so that a decoded image
 * shows it was not replaced), and WEBP headers built by hand (the JDK has no WEBP writer): the RIFF container with a
 * VP8 (lossy), VP8L (lossless) or VP8X (extended) first chunk whose size fields are the ones given.
 */
public final class TestImages {

  private TestImages() {}

  public static byte[] png(int width, int height, int rgb) {
    return imageIo("png", width, height, rgb, BufferedImage.TYPE_INT_RGB);
  }

  public static byte[] jpeg(int width, int height, int rgb) {
    return imageIo("jpeg", width, height, rgb, BufferedImage.TYPE_INT_RGB);
  }

  public static byte[] gif(int width, int height, int rgb) {
    return imageIo("gif", width, height, rgb, BufferedImage.TYPE_INT_RGB);
  }

  public static byte[] bmp(int width, int height, int rgb) {
    return imageIo("bmp", width, height, rgb, BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] imageIo(String format, int width, int height, int rgb, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(rgb));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, Math.max(1, width / 2), Math.max(1, height / 2));
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A lossy WEBP header: VP8 key frame tag, start code 9d 01 2a, 14-bit width and height. */
  public static byte[] webpLossy(int width, int height) {
    ByteBuffer chunk = le(10 + 8).put(new byte[] {0x30, 0x01, 0x00}).put((byte) 0x9D).put((byte) 0x01)
        .put((byte) 0x2A).putShort((short) width).putShort((short) height).put(new byte[8]);
    return riff("VP8 ", chunk);
  }

  /** A lossless WEBP header: signature 0x2f, then width - 1 and height - 1 in 14 bits each. */
  public static byte[] webpLossless(int width, int height) {
    int bits = (width - 1) | (height - 1) << 14;
    ByteBuffer chunk = le(5 + 8).put((byte) 0x2F).putInt(bits).put(new byte[8]);
    return riff("VP8L", chunk);
  }

  /** An extended WEBP header: flags, then canvas width - 1 and height - 1 in 24 bits each. */
  public static byte[] webpExtended(int width, int height) {
    ByteBuffer chunk = le(10).putInt(0x10);
    put24(chunk, width - 1);
    put24(chunk, height - 1);
    return riff("VP8X", chunk);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void put24(ByteBuffer b, int value) {
    b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }

  private static byte[] riff(String fourCc, ByteBuffer chunk) {
    byte[] payload = chunk.array();
    ByteBuffer file = le(20 + payload.length);
    file.put("RIFF".getBytes()).putInt(12 + payload.length).put("WEBP".getBytes()).put(fourCc.getBytes())
        .putInt(payload.length).put(payload);
    return file.array();
  }
}
