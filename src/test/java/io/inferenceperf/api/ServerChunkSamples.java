package io.inferenceperf.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-written streamed chunks (and whole bodies) in the shapes of vLLM, SGLang, TGI and OpenAI, with unicode,
 * escapes, surrogate pairs, role-only and usage-only chunks, errors, tool calls and malformed variants: one JSON
 * object per line of {@code chunk-samples/openai-compatible-chunks.jsonl}, lines kept exactly (spaces included).
 */
final class ServerChunkSamples {

  static final List<String> ALL = load();

  private ServerChunkSamples() {}

  private static List<String> load() {
    try (InputStream in = ServerChunkSamples.class.getResourceAsStream(
        "/chunk-samples/openai-compatible-chunks.jsonl")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(line -> !line.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
