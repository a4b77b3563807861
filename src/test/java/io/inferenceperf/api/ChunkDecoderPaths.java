package io.inferenceperf.api;

import java.io.IOException;

/** Test access to {@link ChunkDecoder}'s two paths, for the differential test and the JMH bench. */
public final class ChunkDecoderPaths {

  private ChunkDecoderPaths() {}

  /** Jackson's walker only: the decoder as it was before the fast path. */
  public static void decodeWithJackson(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    ChunkDecoder.decodeWithJackson(bytes, offset, length, out);
  }

  /** The fast path only: false when it gave the object up (and left {@code out} as it was). */
  public static boolean decodeFast(byte[] bytes, int offset, int length, DecodedChunk out) {
    return ChunkDecoder.decodeFast(bytes, offset, length, out);
  }

  /** Lets a test attach a tool-call accumulator (set by the response being decoded in production). */
  public static void keepToolCalls(DecodedChunk out) {
    out.toolCalls = new ToolCallAccumulator();
  }

  /** The tool calls kept so far, as text (empty when none are kept). */
  public static String toolCallsOf(DecodedChunk out) {
    return out.toolCalls == null ? "" : out.toolCalls.calls().toString();
  }
}
