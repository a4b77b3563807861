package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    String url = baseUrl.replaceAll("/+$", "") + "/v1/models";
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) builder.sslContext(tls);
    HttpClient client = builder.build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    if (apiKey != null && !apiKey.isEmpty()) request.header("Authorization", "Bearer " + apiKey);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ModelLookupException("cannot reach " + url + " to find the model name (" + describe(e)
          + "). Check server.base_url, or set server.model_name.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelLookupException("interrupted while asking " + url + " for the model name");
    }
    if (response.statusCode() != 200) {
      throw new ModelLookupException("GET " + url + " answered HTTP " + response.statusCode()
          + "; set server.model_name (and server.api_key if the server needs one).");
    }
    try {
      JsonNode data = new ObjectMapper().readTree(response.body()).path("data");
      if (!data.isArray() || data.isEmpty() || !data.get(0).hasNonNull("id")) {
        throw new ModelLookupException("GET " + url + " listed no model; set server.model_name.");
      }
      if (data.size() > 1) {
        LOG.warn("{} lists {} models; using the first, {}. Set server.model_name to choose.", url, data.size(),
            data.get(0).get("id").asText());
      }
      return data.get(0).get("id").asText();
    } catch (IOException e) {
      throw new ModelLookupException("GET " + url + " did not return JSON; set server.model_name.");
    }
  }

  private static String describe(IOException e) {
    String dates = io.inferenceperf.transport.CertificateDates.problem(e);
    if (dates != null) return dates;
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
