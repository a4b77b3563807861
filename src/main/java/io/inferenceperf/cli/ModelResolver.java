package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the served model's name from GET /v1/models when server.model_name is not set, as inference-perf does. */
final class ModelResolver {
  private static final Logger LOG = LoggerFactory.getLogger(ModelResolver.class);

  private ModelResolver() {}

  /** Thrown with a message fit for the user when the model cannot be found. */
  static final class ModelLookupException extends Exception {
    ModelLookupException(String message) {
      super(message);
    }
  }

  /** The first model of GET /v1/models; {@code tls} is the TLS set-up for an https URL (null: the JVM's). */
  static String firstModel(String baseUrl, String apiKey, Duration timeout, SSLContext tls)
      throws ModelLookupException {
    String url = modelsUrl(baseUrl);
    List<String> ids = modelIds(baseUrl, apiKey, timeout, tls, "to find the model name");
    if (ids.isEmpty()) {
      throw new ModelLookupException("GET " + url + " listed no model; set server.model_name.");
    }
    if (ids.size() > 1) {
      LOG.warn("{} lists {} models; using the first, {}. Set server.model_name to choose.", url, ids.size(),
          ids.get(0));
    }
    return ids.get(0);
  }

  /**
   * The ids GET /v1/models lists, in order (entries without an id are left out).
   *
   * @param purpose why they are asked for, for the message when the server cannot be reached
   */
  static List<String> modelIds(String baseUrl, String apiKey, Duration timeout, SSLContext tls, String purpose)
      throws ModelLookupException {
    String url = modelsUrl(baseUrl);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) builder.sslContext(tls);
    HttpClient client = builder.build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    if (apiKey != null && !apiKey.isEmpty()) request.header("Authorization", "Bearer " + apiKey);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ModelLookupException("cannot reach " + url + " " + purpose + " (" + describe(e)
          + "). Check server.base_url, or set server.model_name.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelLookupException("interrupted while asking " + url + " " + purpose);
    }
    if (response.statusCode() != 200) {
      throw new ModelLookupException("GET " + url + " answered HTTP " + response.statusCode()
          + "; set server.model_name (and server.api_key if the server needs one).");
    }
    try {
      JsonNode data = new ObjectMapper().readTree(response.body()).path("data");
      List<String> ids = new ArrayList<>();
      for (JsonNode entry : data) {
        if (entry.hasNonNull("id")) ids.add(entry.get("id").asText());
      }
      return ids;
    } catch (IOException e) {
      throw new ModelLookupException("GET " + url + " did not return JSON; set server.model_name.");
    }
  }

  static String modelsUrl(String baseUrl) {
    return baseUrl.replaceAll("/+$", "") + "/v1/models";
  }

  private static String describe(IOException e) {
    String dates = io.inferenceperf.transport.CertificateDates.problem(e);
    if (dates != null) return dates;
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
