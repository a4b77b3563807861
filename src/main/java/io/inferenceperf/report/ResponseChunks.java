package io.inferenceperf.report;

import io.inferenceperf.api.ChunkDecoder;
import io.inferenceperf.api.DecodedChunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code response_chunks} of inference-perf's per-request entries, recovered from a kept SSE response: the JSON
 * payload of every event that carried generated tokens, in order, so the list lines up with {@code chunk_times}
 * (role-only deltas, usage-only events, {@code [DONE]} and unparseable events are left out, as inference-perf
 * does). Runs when the per-request file is written, off the I/O threads.
 */
final class ResponseChunks {
  private ResponseChunks() {}

  static List<String> tokenCarrying(String sse) {
    List<String> chunks = new ArrayList<>();
    if (sse == null) {
      return chunks;
    }
    DecodedChunk decoded = new DecodedChunk(false);
    StringBuilder data = new StringBuilder();
    boolean hasData = false;
    for (String line : sse.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (hasData) {
          addIfTokens(data.toString(), decoded, chunks);
        }
        data.setLength(0);
        hasData = false;
      } else if (line.startsWith("data:")) {
        if (hasData) {
          data.append('\n');
        }
        data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
        hasData = true;
      }
    }
    if (hasData) {
      addIfTokens(data.toString(), decoded, chunks);
    }
    return chunks;
  }

  private static void addIfTokens(String payload, DecodedChunk decoded, List<String> chunks) {
    if (payload.strip().equals("[DONE]")) {
      return;
    }
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    decoded.reset();
    try {
      ChunkDecoder.decode(bytes, 0, bytes.length, decoded);
    } catch (IOException notJson) {
      return; // inference-perf skips what it cannot parse, too
    }
    if (decoded.carriesTokens()) {
      chunks.add(payload);
    }
  }
}
