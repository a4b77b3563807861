/**
 * Media bytes for multimodal requests (and {@link io.inferenceperf.media.ImageHeader}, the format and size of a
 * dataset image from its header). Synthetic ones: PNG (deflate level 1) and baseline JPEG (quality 75) images of one
 * seeded colour, both written by hand because a flat image is cheap that way; WAV clips (16-bit PCM mono, 16 kHz,
 * seeded quiet noise) written by hand; H.264 MP4 videos encoded with jcodec (pure Java), kept in a small pool per
 * size because encoding is slow. Pure functions of their arguments; thread-safe.
 *
 * <p>May import: config.
 */
package io.inferenceperf.media;
