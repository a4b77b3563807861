package io.inferenceperf.cli;

import io.inferenceperf.config.ApiConfig.ApiType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * {@code api.type: auto}: which OpenAI route the server serves, found by asking it rather than by reading its start-up
 * log. A GET on each route costs nothing (no generation): OpenAI-compatible servers answer 404 for a route they do
 * not have and 405 (or 400, 401, 422) for one they have. Both served: completion (the guide's rule: simpler for
 * benchmarking); only chat: chat.
 */
final class ApiTypeProbe {
  private ApiTypeProbe() {}

  /** The choice and the reason, said to the user. */
  record Choice(ApiType type, String reason) {}

  static Choice choose(String baseUrl, String apiKey, Duration timeout, SSLContext tls) throws UserError {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) builder.sslContext(tls);
    HttpClient client = builder.build();
    boolean completion = serves(client, baseUrl, ApiType.COMPLETION.path, apiKey, timeout);
    boolean chat = serves(client, baseUrl, ApiType.CHAT.path, apiKey, timeout);
    if (completion && chat) {
      return new Choice(ApiType.COMPLETION, "the server serves " + ApiType.COMPLETION.path + " and "
          + ApiType.CHAT.path + "; completion is chosen when both exist");
    }
    if (completion) return new Choice(ApiType.COMPLETION, "the server serves only " + ApiType.COMPLETION.path);
    if (chat) return new Choice(ApiType.CHAT, "the server serves only " + ApiType.CHAT.path);
    throw new UserError(ExitCode.CONFIG_ERROR, "api.type auto: " + baseUrl + " answers 404 Not Found on both "
        + ApiType.COMPLETION.path + " and " + ApiType.CHAT.path + "; check server.base_url (no /v1 at its end) or"
        + " set api.type to completion or chat.");
  }

  private static boolean serves(HttpClient client, String baseUrl, String path, String apiKey, Duration timeout)
      throws UserError {
    String url = baseUrl.replaceAll("/+$", "") + path;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    if (apiKey != null && !apiKey.isEmpty()) request.header("Authorization", "Bearer " + apiKey);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 404;
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "api.type auto: cannot reach " + url + " to see which API the server"
          + " serves (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "). Check server.base_url, or set api.type to completion or chat.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(ExitCode.INTERRUPTED_INT, "interrupted while probing " + url);
    }
  }
}
