package io.inferenceperf.simulator.metrics;

/**
 * The media content parts of chat requests (image_url, video_url, input_audio), as the simulator received them.
 *
 * @param images image_url parts
 * @param videos video_url parts
 * @param audios input_audio parts
 * @param bytes decoded bytes of the base64 payloads (data URLs and input_audio data); 0 for remote URLs
 */
public record MediaParts(long images, long videos, long audios, long bytes) {

  public static final MediaParts NONE = new MediaParts(0, 0, 0, 0);

  public MediaParts plus(MediaParts other) {
    return new MediaParts(images + other.images, videos + other.videos, audios + other.audios, bytes + other.bytes);
  }
}
