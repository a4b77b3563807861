package io.inferenceperf.data;

/**
 * One part of a chat message's content list (the OpenAI content-part forms inference-perf sends): text, an image or
 * a video as a data URL, or base64 audio with its format.
 */
public sealed interface ContentPart {

  record Text(String text) implements ContentPart {}

  /** {@code {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}} */
  record ImageUrl(String url) implements ContentPart {}

  /** {@code {"type":"video_url","video_url":{"url":"data:video/mp4;base64,..."}}} */
  record VideoUrl(String url) implements ContentPart {}

  /** {@code {"type":"input_audio","input_audio":{"data":"<base64>","format":"wav"}}} */
  record InputAudio(String base64, String format) implements ContentPart {}
}
