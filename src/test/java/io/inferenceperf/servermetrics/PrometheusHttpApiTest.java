package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusHttpApiTest {

  @Test
  void parsesVectorsScalarsAndSpecialValues() throws Exception {
    JsonNode data =
        PrometheusHttpApi.parseResponse(
            200,
            """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"pod":"a"},"value":[1700000000.5,"3.25"]},
              {"metric":{},"value":[1700000000.5,"NaN"]},
              {"metric":{},"value":[1700000000.5,"+Inf"]}]}}
            """);
    assertEquals("vector", data.path("resultType").asText());
    assertEquals(Double.POSITIVE_INFINITY, PrometheusHttpApi.parseNumber("+Inf"));
    assertTrue(Double.isNaN(PrometheusHttpApi.parseNumber("NaN")));
    assertEquals(-1.5e-3, PrometheusHttpApi.parseNumber("-1.5e-3"));
  }

  @Test
  void errorsCarryPrometheusMessage() {
    MetricsQueryException e =
        assertThrows(
            MetricsQueryException.class,
            () ->
                PrometheusHttpApi.parseResponse(
                    400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}"));
    assertEquals("Prometheus answered HTTP 400 (bad_data): parse error at char 5", e.getMessage());
    MetricsQueryException html =
        assertThrows(MetricsQueryException.class, () -> PrometheusHttpApi.parseResponse(502, "<html>Bad gateway</html>"));
    assertTrue(html.getMessage().contains("non-JSON body: <html>Bad gateway</html>"), html.getMessage());
  }

  @Test
  void sendsQueryTimeAndBearerTokenAndReadsTheAnswer() throws Exception {
    AtomicReference<String> seenQuery = new AtomicReference<>();
    AtomicReference<String> seenAuth = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/prom/api/v1/query",
        exchange -> {
          seenQuery.set(exchange.getRequestURI().getQuery());
          seenAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"le\":\"1\"},"
                      + "\"values\":[[1700000000,\"1\"],[1700000001.5,\"4\"]]}]}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      PrometheusHttpApi api =
          new PrometheusHttpApi(
              "http://127.0.0.1:" + server.getAddress().getPort() + "/prom/",
              CollectorEnvironment.defaultHttpClient(),
              () -> "tok",
              Duration.ofSeconds(5),
              2,
              System::nanoTime,
              System.nanoTime() + Duration.ofSeconds(30).toNanos());
      List<PrometheusHttpApi.RangeSeries> series = api.queryMatrix("m{a=\"b c\"}[5s]", 1_700_000_002_250L);
      assertEquals("query=m{a=\"b c\"}[5s]&time=1700000002.250", seenQuery.get());
      assertEquals("Bearer tok", seenAuth.get());
      assertEquals(Map.of("le", "1"), series.get(0).labels());
      assertEquals(1_700_000_001_500L, series.get(0).timesMillis()[1]);
      assertEquals(4.0, series.get(0).values()[1]);
      MetricsQueryException notVector = assertThrows(MetricsQueryException.class, () -> api.query("m[5s]", 0));
      assertTrue(notVector.getMessage().contains("matrix"), notVector.getMessage());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aSpentDeadlineFailsWithoutSending() {
    PrometheusHttpApi api =
        new PrometheusHttpApi(
            "http://127.0.0.1:9", CollectorEnvironment.defaultHttpClient(), null, Duration.ofSeconds(5), 1,
            System::nanoTime, System.nanoTime() - 1);
    MetricsQueryException e = assertThrows(MetricsQueryException.class, () -> api.query("up", 0));
    assertTrue(e.getMessage().contains("ran out"), e.getMessage());
  }
}
