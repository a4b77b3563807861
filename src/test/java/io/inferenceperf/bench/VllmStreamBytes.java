package io.inferenceperf.bench;

import static io.inferenceperf.transport.ScheduledStreamBytes.chunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of a realistic vLLM (uvicorn) streamed chat response: the status line and headers, then one HTTP chunk per
 * SSE event: the role prelude, {@code tokens} single-token content deltas, the finish chunk, the usage chunk and
 * [DONE]. Shapes follow vLLM's OpenAI server output with {@code stream_options.include_usage}.
 */
public final class VllmStreamBytes {
  private VllmStreamBytes() {}

  public static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
  private static final String WORDS = " the quick brown fox jumps over a lazy dog and keeps running far away";

  /** The response head. */
  public static byte[] head() {
    return ("HTTP/1.1 200 OK\r\ndate: Mon, 01 Jun 2026 10:00:00 GMT\r\nserver: uvicorn\r\n"
        + "content-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Each SSE event of the stream, already wrapped in its HTTP chunk, in order; the last entry is "0\r\n\r\n". */
  public static List<byte[]> chunks(int tokens) {
    String prefix = "{\"id\":\"chatcmpl-5b1c2f0d9e8a4b7c\",\"object\":\"chat.completion.chunk\",\"created\":1780000000,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":";
    List<byte[]> out = new ArrayList<>();
    out.add(chunk(event(prefix + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}")));
    String[] words = WORDS.split("(?= )");
    for (int i = 0; i < tokens; i++) {
      out.add(chunk(event(prefix + "{\"content\":\"" + words[i % words.length]
          + "\"},\"logprobs\":null,\"finish_reason\":null}]}")));
    }
    out.add(chunk(event(prefix
        + "{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}")));
    out.add(chunk(event("{\"id\":\"chatcmpl-5b1c2f0d9e8a4b7c\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1780000000,\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":128,"
        + "\"total_tokens\":" + (128 + tokens) + ",\"completion_tokens\":" + tokens + "}}")));
    out.add(chunk("data: [DONE]\n\n"));
    out.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  /** The whole response in one array. */
  public static byte[] whole(int tokens) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(head());
    parts.addAll(chunks(tokens));
    int size = parts.stream().mapToInt(p -> p.length).sum();
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static String event(String json) {
    return "data: " + json + "\n\n";
  }
}
