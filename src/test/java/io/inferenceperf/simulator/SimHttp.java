package io.inferenceperf.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The independent test client: the JDK's HttpClient, never the project's own transport, so the simulator's tests
 * cannot share the client's bugs.
 */
final class SimHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  SimHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** One SSE event as received: its data line and when the line was read. */
  record Event(String data, long receivedNanos) {
    JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + data, e);
      }
    }
  }

  /** A streamed response: status, headers' content type, events in order, and when the request was sent. */
  record Stream(int status, String contentType, long sentNanos, List<Event> events, String rawBody) {}

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  JsonNode postJson(String path, String body) {
    HttpResponse<String> response = post(path, body);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("status " + response.statusCode() + ", body not JSON: " + response.body(), e);
    }
  }

  /** Posts and reads an SSE response line by line, stamping each data line as it is read. */
  Stream stream(String path, String body) {
    return stream(path, body, new String[0]);
  }

  /** The same with extra request headers, given as name, value, name, value... */
  Stream stream(String path, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    HttpRequest request = builder.build();
    long sent = System.nanoTime();
    try {
      HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      List<Event> events = new ArrayList<>();
      StringBuilder raw = new StringBuilder();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          long now = System.nanoTime();
          raw.append(line).append('\n');
          if (line.startsWith("data: ")) {
            events.add(new Event(line.substring(6), now));
          }
        }
      } catch (IOException cut) {
        raw.append("<<").append(cut.getClass().getSimpleName()).append(">>");
      }
      return new Stream(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          sent,
          events,
          raw.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String completion(String prompt, int maxTokens, boolean stream, boolean ignoreEos) {
    return "{\"model\":\"simulated-model\",\"prompt\":" + quote(prompt) + ",\"max_tokens\":" + maxTokens
        + ",\"stream\":" + stream + ",\"ignore_eos\":" + ignoreEos
        + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
  }

  static String chat(String content, int maxTokens, boolean stream, boolean ignoreEos) {
    return "{\"model\":\"simulated-model\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(content)
        + "}],\"max_completion_tokens\":" + maxTokens + ",\"stream\":" + stream + ",\"ignore_eos\":" + ignoreEos
        + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
  }

  /** A JSON string literal, written by Jackson (not the simulator's own quoting). */
  private static String quote(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }
}
