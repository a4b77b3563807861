package io.inferenceperf.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The Prometheus HTTP query API ({@code GET <base>/api/v1/query?query=..&time=..}). Every call is bounded: a
 * per-query timeout, an overall deadline shared by all calls of one collection, and at most {@code
 * maxConcurrent} requests in flight. Failures are {@link MetricsQueryException}s with a message fit for a report.
 */
final class PrometheusHttpApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String queryEndpoint;
  private final HttpClient client;
  private final AccessTokenSource auth;
  private final Duration queryTimeout;
  private final Semaphore inFlight;
  private final LongSupplier nanoTime;
  private final long deadlineNanos;

  /** One sample of an instant vector (or a scalar, with no labels). */
  record VectorSample(Map<String, String> labels, double value) {}

  /** One series of a matrix: its raw samples, oldest first. */
  record RangeSeries(Map<String, String> labels, long[] timesMillis, double[] values) {}

  /**
   * @param baseUrl the Prometheus root, e.g. {@code http://prometheus:9090} (without {@code /api/v1})
   * @param auth null for none
   * @param deadlineNanos in {@code nanoTime}'s timeline: no request starts or waits beyond it
   */
  PrometheusHttpApi(
      String baseUrl,
      HttpClient client,
      AccessTokenSource auth,
      Duration queryTimeout,
      int maxConcurrent,
      LongSupplier nanoTime,
      long deadlineNanos) {
    this.queryEndpoint = stripTrailingSlash(baseUrl) + "/api/v1/query";
    this.client = client;
    this.auth = auth;
    this.queryTimeout = queryTimeout;
    this.inFlight = new Semaphore(Math.max(1, maxConcurrent));
    this.nanoTime = nanoTime;
    this.deadlineNanos = deadlineNanos;
  }

  String queryEndpoint() {
    return queryEndpoint;
  }

  /** Runs an instant query evaluated at {@code evalEpochMillis}. */
  List<VectorSample> query(String promql, long evalEpochMillis) throws MetricsQueryException {
    JsonNode data = call(promql, evalEpochMillis);
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    return switch (type) {
      case "vector" -> parseVector(result);
      case "scalar" -> List.of(new VectorSample(Map.of(), parseValue(result)));
      default -> throw new MetricsQueryException("unexpected Prometheus result type '" + type + "' for " + promql);
    };
  }

  /** Runs an instant query over a range selector, which answers the raw samples of each series. */
  List<RangeSeries> queryMatrix(String promql, long evalEpochMillis) throws MetricsQueryException {
    JsonNode data = call(promql, evalEpochMillis);
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new MetricsQueryException("expected a matrix from " + promql);
    }
    List<RangeSeries> series = new ArrayList<>();
    for (JsonNode entry : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      entry.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      JsonNode values = entry.path("values");
      long[] times = new long[values.size()];
      double[] numbers = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        times[i] = Math.round(values.get(i).get(0).asDouble() * 1000);
        numbers[i] = parseValue(values.get(i));
      }
      series.add(new RangeSeries(labels, times, numbers));
    }
    return series;
  }

  private JsonNode call(String promql, long evalEpochMillis) throws MetricsQueryException {
    long remainingMillis = remainingMillis();
    if (remainingMillis <= 0) {
      throw new MetricsQueryException("gave up: the time allowed for Prometheus queries ran out");
    }
    try {
      if (!inFlight.tryAcquire(remainingMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new MetricsQueryException("gave up: the time allowed for Prometheus queries ran out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsQueryException("interrupted", e);
    }
    try {
      return send(promql, evalEpochMillis);
    } finally {
      inFlight.release();
    }
  }

  private JsonNode send(String promql, long evalEpochMillis) throws MetricsQueryException {
    long timeoutMillis = Math.min(queryTimeout.toMillis(), remainingMillis());
    if (timeoutMillis <= 0) {
      throw new MetricsQueryException("gave up: the time allowed for Prometheus queries ran out");
    }
    String uri =
        queryEndpoint
            + "?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8).replace("+", "%20")
            + "&time="
            + PromQl.epochSeconds(evalEpochMillis);
    HttpResponse<String> response;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(uri))
              .timeout(Duration.ofMillis(timeoutMillis))
              .header("Accept", "application/json")
              .GET();
      if (auth != null) {
        request.header("Authorization", "Bearer " + auth.bearerToken());
      }
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new MetricsQueryException(
          "Prometheus at " + queryEndpoint + " did not answer within " + timeoutMillis + " ms", e);
    } catch (IOException e) {
      throw new MetricsQueryException(
          "cannot reach Prometheus at " + queryEndpoint + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsQueryException("interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new MetricsQueryException("bad Prometheus URL " + queryEndpoint + ": " + e.getMessage(), e);
    }
    return parseResponse(response.statusCode(), response.body());
  }

  /** Parses the API's JSON envelope into its {@code data} (pure; package-visible for tests). */
  static JsonNode parseResponse(int status, String body) throws MetricsQueryException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new MetricsQueryException("Prometheus answered HTTP " + status + " with a non-JSON body: " + snippet(body));
    }
    if (!"success".equals(root.path("status").asText())) {
      throw new MetricsQueryException(
          "Prometheus answered HTTP "
              + status
              + " ("
              + root.path("errorType").asText("unknown error")
              + "): "
              + root.path("error").asText(snippet(body)));
    }
    return root.path("data");
  }

  private static List<VectorSample> parseVector(JsonNode result) throws MetricsQueryException {
    List<VectorSample> samples = new ArrayList<>(result.size());
    for (JsonNode entry : result) {
      Map<String, String> labels = new LinkedHashMap<>();
      entry.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new VectorSample(labels, parseValue(entry.path("value"))));
    }
    return samples;
  }

  /** A {@code [timestamp, "value"]} pair; values are strings so that NaN and infinities survive JSON. */
  private static double parseValue(JsonNode pair) throws MetricsQueryException {
    if (!pair.isArray() || pair.size() != 2) {
      throw new MetricsQueryException("malformed Prometheus sample: " + pair);
    }
    return parseNumber(pair.get(1).asText());
  }

  static double parseNumber(String text) throws MetricsQueryException {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf", "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new MetricsQueryException("malformed Prometheus value '" + text + "'", e);
        }
    }
  }

  private long remainingMillis() {
    return (deadlineNanos - nanoTime.getAsLong()) / 1_000_000L;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getClass().getSimpleName();
    }
    return message;
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }

  private static String stripTrailingSlash(String url) {
    String s = url.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
