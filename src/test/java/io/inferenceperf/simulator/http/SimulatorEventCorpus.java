package io.inferenceperf.simulator.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data payloads of the simulator's streamed events, written by its own encoder (both APIs, content and
 * reasoning tokens, every finish reason, usage with and without details, tool calls, the malformed fault): the
 * real-output part of the fast chunk decoder's differential test.
 */
public final class SimulatorEventCorpus {

  private SimulatorEventCorpus() {}

  /** Each event's data payload, without the {@code data: } prefix and the blank line; [DONE] left out. */
  public static List<byte[]> payloads() {
    ByteBuf out = Unpooled.buffer();
    for (boolean chat : new boolean[] {true, false}) {
      for (String finish : new String[] {"length", "stop"}) {
        SseEncoder encoder = new SseEncoder(chat, chat ? "chatcmpl-7f3a" : "cmpl-7f3a", 1780000000L, "meta/llama-3");
        encoder.writePrelude(out);
        for (int token = 0; token < 32; token += 3) {
          encoder.writeTokens(out, token, 3, chat && token < 6, token >= 30 ? finish : null);
        }
        encoder.writeEnd(out, new StreamEncoder.EndOfStream(finish, 17, 32, 8, true, chat));
        encoder.writeMalformed(out);
      }
      new SseEncoder(chat, "x", 1L, "m").writeEnd(out, new StreamEncoder.EndOfStream("stop", 0, 0, 0, true, false));
    }
    for (boolean bad : new boolean[] {false, true}) {
      SseEncoder tools = new SseEncoder(true, "chatcmpl-t", 1780000000L, "m", new ToolCallOut("call_1", "get_weather",
          bad));
      tools.writePrelude(out);
      tools.writeTokens(out, 0, 2, true, null);
      tools.writeTokens(out, 2, 4, false, null);
      tools.writeTokens(out, 6, 4, false, "stop");
      tools.writeEnd(out, new StreamEncoder.EndOfStream("stop", 3, 10, 0, true, true));
    }
    String all = out.toString(StandardCharsets.UTF_8);
    List<byte[]> payloads = new ArrayList<>();
    for (String event : all.split("\n\n")) {
      String data = event.startsWith("data: ") ? event.substring(6) : event;
      if (!data.equals("[DONE]") && !data.isEmpty()) {
        payloads.add(data.getBytes(StandardCharsets.UTF_8));
      }
    }
    return payloads;
  }

}
