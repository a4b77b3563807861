package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.simulator.metrics.MetricsRenderer;
import io.inferenceperf.simulator.metrics.RequestTruth;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Bodies of the small GET routes: /v1/models, /version, /metrics and the ground-truth debug routes. */
final class InfoRoutes {
  static final String VERSION = "0.26.0+simulator";
  private static final ObjectMapper SNAKE =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private InfoRoutes() {}

  /** GET /v1/models: the base model, then each LoRA adapter with the base model as parent. */
  static byte[] models(SimContext sim) {
    ObjectNode root = SNAKE.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    String base = sim.options.model();
    model(data, sim, base, null).put("max_model_len", sim.options.maxModelLen());
    for (String adapter : sim.options.loraAdapters()) {
      model(data, sim, adapter, base).putNull("max_model_len");
    }
    return bytes(root);
  }

  private static ObjectNode model(ArrayNode data, SimContext sim, String id, String parent) {
    ObjectNode model =
        data.addObject()
            .put("id", id)
            .put("object", "model")
            .put("created", sim.createdEpochSeconds)
            .put("owned_by", "vllm")
            .put("root", id)
            .put("parent", parent);
    model.putArray("permission");
    return model;
  }

  static byte[] version() {
    return ("{\"version\":\"" + VERSION + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] metrics(SimContext sim) {
    return MetricsRenderer.render(sim.options, sim.metrics).getBytes(StandardCharsets.UTF_8);
  }

  /** GET /debug/truth: totals and percentiles, snake_case keys, times in ms. */
  static byte[] truth(SimContext sim) {
    return bytes(sim.truth.snapshot());
  }

  /** GET /debug/truth/requests?limit=N: the newest per-request records, oldest first. */
  static byte[] recentRequests(SimContext sim, int limit) {
    List<RequestTruth> recent = sim.truth.recentRequests();
    return bytes(recent.subList(Math.max(0, recent.size() - limit), recent.size()));
  }

  private static byte[] bytes(Object value) {
    try {
      return SNAKE.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }
}
