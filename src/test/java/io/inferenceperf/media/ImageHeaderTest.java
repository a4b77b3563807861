package io.inferenceperf.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Format and size from the first bytes of real encodings (javax.imageio's, ours, hand-built WEBP headers). */
class ImageHeaderTest {

  @Test
  void readsTheSizeOfJpegPngAndWebp() {
    assertEquals(new ImageHeader("PNG", 37, 21), ImageHeader.read(TestImages.png(37, 21, 0x336699)));
    assertEquals(new ImageHeader("JPEG", 45, 17), ImageHeader.read(TestImages.jpeg(45, 17, 0x336699)));
    assertEquals(new ImageHeader("PNG", 640, 360), ImageHeader.read(PngEncoder.solid(640, 360, 0x102030)));
    assertEquals(new ImageHeader("JPEG", 33, 65), ImageHeader.read(JpegEncoder.solid(33, 65, 0x102030)));
    assertEquals(new ImageHeader("WEBP", 300, 200), ImageHeader.read(TestImages.webpLossy(300, 200)));
    assertEquals(new ImageHeader("WEBP", 1024, 3), ImageHeader.read(TestImages.webpLossless(1024, 3)));
    assertEquals(new ImageHeader("WEBP", 4000, 3000), ImageHeader.read(TestImages.webpExtended(4000, 3000)));
    for (byte[] image : new byte[][] {TestImages.png(2, 2, 0), TestImages.jpeg(2, 2, 0), TestImages.webpLossy(2, 2)}) {
      assertTrue(ImageHeader.read(image).passesThrough());
    }
    assertEquals("image/webp", ImageHeader.read(TestImages.webpLossless(5, 5)).mimeType());
  }

  @Test
  void namesGifAndBmpWithoutPassingThemThrough() {
    ImageHeader gif = ImageHeader.read(TestImages.gif(10, 10, 0x112233));
    assertEquals("GIF", gif.format());
    assertFalse(gif.passesThrough());
    assertNull(gif.mimeType());
    assertEquals("BMP", ImageHeader.read(TestImages.bmp(4, 4, 0)).format());
  }

  @Test
  void unknownOrCutShortBytesGiveNoSize() {
    assertNull(ImageHeader.read("not an image".getBytes()));
    assertNull(ImageHeader.read(new byte[0]));
    byte[] png = TestImages.png(8, 8, 0);
    assertFalse(ImageHeader.read(Arrays.copyOf(png, 12)).passesThrough(), "no IHDR");
    byte[] jpeg = TestImages.jpeg(8, 8, 0);
    assertFalse(ImageHeader.read(Arrays.copyOf(jpeg, 20)).passesThrough(), "cut before the frame header");
    assertFalse(ImageHeader.read(Arrays.copyOf(TestImages.webpLossy(9, 9), 22)).passesThrough());
  }
}
