package io.inferenceperf.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;

/** Every generated medium decodes back with a standard decoder, with the size, length and colour asked for. */
class MediaEncodersTest {

  @Test
  void pngDecodesWithImageIoToTheSizeAndColour() throws Exception {
    byte[] png = PngEncoder.solid(300, 130, 0x12AB34);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "ImageIO recognises the PNG");
    assertEquals(300, image.getWidth());
    assertEquals(130, image.getHeight());
    assertEquals(0x12AB34, image.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0x12AB34, image.getRGB(299, 129) & 0xFFFFFF);
    assertFalse(java.util.Arrays.equals(png, PngEncoder.solid(300, 130, 0x12AB35)), "another colour, other bytes");
  }

  @Test
  void jpegDecodesWithImageIoToTheSizeAndNearlyTheColour() throws Exception {
    byte[] jpeg = JpegEncoder.solid(64, 48, 0x4080C0);
    assertEquals(0xFF, jpeg[0] & 0xFF);
    assertEquals(0xD8, jpeg[1] & 0xFF, "JPEG start-of-image marker");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertEquals(64, image.getWidth());
    assertEquals(48, image.getHeight());
    int rgb = image.getRGB(10, 10);
    assertTrue(Math.abs((rgb >> 16 & 0xFF) - 0x40) < 8 && Math.abs((rgb & 0xFF) - 0xC0) < 8, Integer.toHexString(rgb));
  }

  @Test
  void jpegOfEverySizeAndColourDecodesLikeTheImageIoEncoding() throws Exception {
    int[][] cases = {{1, 1, 0xFF0000}, {13, 7, 0x00FF00}, {8, 8, 0x000000}, {100, 60, 0xFFFFFF}, {1920, 1080, 0x123456}};
    for (int[] c : cases) {
      BufferedImage ours = ImageIO.read(new ByteArrayInputStream(JpegEncoder.solid(c[0], c[1], c[2])));
      BufferedImage reference = ImageIO.read(new ByteArrayInputStream(imageIoJpeg(c[0], c[1], c[2])));
      assertEquals(c[0], ours.getWidth());
      assertEquals(c[1], ours.getHeight());
      for (int[] at : new int[][] {{0, 0}, {c[0] - 1, c[1] - 1}, {c[0] / 2, c[1] / 2}}) {
        int got = ours.getRGB(at[0], at[1]);
        int want = reference.getRGB(at[0], at[1]);
        for (int shift = 0; shift <= 16; shift += 8) {
          assertTrue(Math.abs((got >> shift & 0xFF) - (want >> shift & 0xFF)) <= 2,
              Integer.toHexString(got) + " vs javax.imageio's " + Integer.toHexString(want));
        }
      }
    }
  }

  /** The same image through the javax.imageio JPEG writer at quality 75: the reference. */
  private static byte[] imageIoJpeg(int width, int height, int rgb) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new java.awt.Color(rgb));
    g.fillRect(0, 0, width, height);
    g.dispose();
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.75f);
      writer.setOutput(stream);
      writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  @Test
  void wavDecodesWithAudioSystemAsSixteenBitMonoAtSixteenKilohertz() throws Exception {
    byte[] wav = WavEncoder.noise(0.25, 7);
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      AudioFormat format = in.getFormat();
      assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
      assertEquals(16_000f, format.getSampleRate());
      assertEquals(16, format.getSampleSizeInBits());
      assertEquals(1, format.getChannels());
      assertFalse(format.isBigEndian());
      assertEquals(4000, in.getFrameLength(), "0.25 s at 16 kHz");
      byte[] samples = in.readAllBytes();
      assertEquals(8000, samples.length);
      assertTrue(hasNonZero(samples), "seeded noise, not silence");
    }
    assertArrayEquals(wav, WavEncoder.noise(0.25, 7), "same seed, same clip");
    assertFalse(java.util.Arrays.equals(wav, WavEncoder.noise(0.25, 8)), "another seed, another clip");
  }

  @Test
  void mp4IsAnIsoFileWithAnH264TrackThatDecodesToEveryFrame() throws Exception {
    byte[] mp4 = Mp4Encoder.encode(64, 33, 3, 0x336699); // odd height: rounded to 32
    assertEquals("ftyp", new String(mp4, 4, 4, StandardCharsets.US_ASCII));
    assertEquals("isom", new String(mp4, 8, 4, StandardCharsets.US_ASCII));
    assertTrue(contains(mp4, "avc1") && contains(mp4, "avcC") && contains(mp4, "moov"), "H.264 sample entry");
    FrameGrab grab = FrameGrab.createFrameGrab(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(mp4)));
    int frames = 0;
    Picture picture;
    while ((picture = grab.getNativeFrame()) != null) {
      assertEquals(64, picture.getCroppedWidth());
      assertEquals(32, picture.getCroppedHeight());
      frames++;
    }
    assertEquals(3, frames);
    assertNull(grab.getNativeFrame());
  }

  @Test
  void thePoolEncodesEachSizeOnceAndHandsOutItsVariants() {
    VideoPool pool = new VideoPool(1);
    byte[] first = pool.get(32, 32, 2, 0);
    assertTrue(first == pool.get(32, 32, 2, VideoPool.VARIANTS), "the same encoding, not a new one");
    assertFalse(java.util.Arrays.equals(first, pool.get(32, 32, 2, 1)), "variants differ");
  }

  private static boolean hasNonZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) return true;
    }
    return false;
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
