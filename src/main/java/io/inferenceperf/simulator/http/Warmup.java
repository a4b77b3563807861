package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.metrics.GroundTruth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Exercises the request parser, the SSE encoder and the JSON writers once before the port opens, so that the first
 * real request does not pay for class loading and initialization (tens of milliseconds that would otherwise show up
 * as queue time in the ground truth).
 */
public final class Warmup {
  private Warmup() {}

  public static void run(SimContext sim) {
    try {
      for (String body :
          new String[] {
            "{\"model\":\"m\",\"prompt\":\"warm up\",\"max_tokens\":2,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"ignore_eos\":true}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}],\"max_completion_tokens\":2}"
          }) {
        JsonNode tree = sim.json.readTree(body);
        RequestParser.parse(tree.has("messages"), tree, sim.options.engine().prefixBlockTokens());
      }
      ByteBuf out = Unpooled.buffer();
      SseEncoder encoder = new SseEncoder(true, "chatcmpl-warmup", sim.createdEpochSeconds, sim.options.model());
      encoder.writeRole(out);
      encoder.writeTokens(out, 0, 2, false, "length");
      encoder.writeUsage(out, SseEncoder.usageJson(2, 2, 0, true));
      RequestParser.parse(true, true, sim.json.readTree("{\"model\":\"m\",\"system\":\"s\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"warm up\"}],\"max_tokens\":2,\"stream\":true}"),
          sim.options.engine().prefixBlockTokens());
      AnthropicEncoder messages = new AnthropicEncoder("msg_warmup", sim.options.model(), 2);
      messages.writePrelude(out);
      messages.writeTokens(out, 0, 2, false, null);
      messages.writeEnd(out, new StreamEncoder.EndOfStream("length", 2, 2, 0, true, true));
      out.release();
      new GroundTruth(0).snapshot();
      InfoRoutes.models(sim);
      InfoRoutes.truth(new SimContext(sim.options, sim.metrics, new GroundTruth(0), java.util.Map.of()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("simulator warm-up failed", e);
    }
  }
}
