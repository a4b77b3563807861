package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.testkit.SimulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /v1/models, /health, /version, unknown routes and HTTP/1.1 connection handling. */
class ServiceRoutesTest {
  @RegisterExtension
  static SimulatorExtension sim =
      SimulatorExtension.withOptions("profile", "zero", "model", "meta-llama/Llama-3.1-8B", "lora_adapters", "a1,a2");

  @Test
  void listsTheBaseModelAndItsLoraAdapters() throws Exception {
    var response = new SimHttp(sim.baseUrl()).get("/v1/models");
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonNode body = SimHttp.JSON.readTree(response.body());
    assertEquals("list", body.get("object").asText());
    JsonNode data = body.get("data");
    assertEquals(3, data.size());
    assertEquals("meta-llama/Llama-3.1-8B", data.get(0).get("id").asText());
    assertTrue(data.get(0).get("parent").isNull());
    assertEquals(32768, data.get(0).get("max_model_len").asInt());
    assertEquals("a1", data.get(1).get("id").asText());
    assertEquals("meta-llama/Llama-3.1-8B", data.get(1).get("parent").asText());
    assertEquals("model", data.get(2).get("object").asText());
  }

  @Test
  void healthAndVersion() {
    var health = new SimHttp(sim.baseUrl()).get("/health");
    assertEquals(200, health.statusCode());
    assertEquals("", health.body());
    assertTrue(new SimHttp(sim.baseUrl()).get("/version").body().contains("\"version\""));
  }

  @Test
  void unknownPathsAndWrongMethodsAnswerLikeFastApi() {
    var missing = new SimHttp(sim.baseUrl()).get("/v2/nothing");
    assertEquals(404, missing.statusCode());
    assertEquals("{\"detail\":\"Not Found\"}", missing.body());
    var wrongMethod = new SimHttp(sim.baseUrl()).get("/v1/completions");
    assertEquals(405, wrongMethod.statusCode());
    assertEquals(405, new SimHttp(sim.baseUrl()).post("/v1/models", "{}").statusCode());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    String one = post("{\"prompt\":\"a\",\"max_tokens\":3,\"ignore_eos\":true}");
    String two = post("{\"prompt\":\"a b\",\"max_tokens\":3,\"ignore_eos\":true}");
    String last = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((one + two + last).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = readAll(socket.getInputStream());
      int first = all.indexOf("\"prompt_tokens\":1");
      int second = all.indexOf("\"prompt_tokens\":2");
      assertTrue(first > 0 && second > first, all);
      assertEquals(3, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
      assertTrue(all.contains("connection: close"), "closed after the last: " + all);
    }
  }

  @Test
  void http10AndConnectionCloseCloseTheConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = readAll(socket.getInputStream()); // returns only because the server closes
      assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
    }
  }

  private static String post(String body) {
    return "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body;
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
