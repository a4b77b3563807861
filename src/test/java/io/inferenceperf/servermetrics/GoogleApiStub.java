package io.inferenceperf.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Google's side of Google Managed Prometheus (the only stubbed part of these tests): the
 * OAuth token endpoint (verifies the service account's RS256 JWT with its public key), the GCE metadata server,
 * and the project's Prometheus query API, which checks the bearer token and forwards the query to a real
 * Prometheus.
 */
final class GoogleApiStub implements AutoCloseable {
  static final String PROJECT = "stub-project";
  static final String SERVICE_ACCOUNT_TOKEN = "token-from-service-account";
  static final String METADATA_TOKEN = "token-from-metadata";
  static final String USER_TOKEN = "token-from-user";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PublicKey serviceAccountKey;
  private final String clientEmail;
  private final String prometheusUrl;
  private final HttpClient client = HttpClient.newHttpClient();
  private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
  final AtomicInteger tokenGrants = new AtomicInteger();
  final AtomicInteger metadataTokenGrants = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();

  GoogleApiStub(PublicKey serviceAccountKey, String clientEmail, String prometheusUrl) throws IOException {
    this.serviceAccountKey = serviceAccountKey;
    this.clientEmail = clientEmail;
    this.prometheusUrl = prometheusUrl;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/computeMetadata/v1/", this::metadata);
    server.createContext("/v1/projects/", this::query);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if ("refresh_token".equals(form.get("grant_type"))) {
      boolean known =
          "cid".equals(form.get("client_id")) && "secret".equals(form.get("client_secret"))
              && "rt".equals(form.get("refresh_token"));
      if (!known) {
        send(exchange, 400, "{\"error\":\"invalid_grant\"}");
        return;
      }
      tokenGrants.incrementAndGet();
      send(exchange, 200, "{\"access_token\":\"" + USER_TOKEN + "\",\"expires_in\":3599}");
      return;
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    String problem = verifyAssertion(form.getOrDefault("assertion", ""));
    if (problem != null) {
      send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
      return;
    }
    tokenGrants.incrementAndGet();
    send(exchange, 200, "{\"access_token\":\"" + SERVICE_ACCOUNT_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
  }

  private String verifyAssertion(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return "not a JWT";
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(serviceAccountKey);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "bad signature";
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (!clientEmail.equals(claims.path("iss").asText())) {
        return "wrong issuer";
      }
      // google-auth-library addresses the assertion to Google's token server whatever the key's token_uri says
      String audience = claims.path("aud").asText();
      if (!(baseUrl() + "/token").equals(audience) && !"https://oauth2.googleapis.com/token".equals(audience)) {
        return "wrong audience";
      }
      if (!GoogleAccessTokens.SCOPE.equals(claims.path("scope").asText())) {
        return "wrong scope";
      }
      if (claims.path("exp").asLong() <= claims.path("iat").asLong()) {
        return "expired";
      }
      return null;
    } catch (Exception e) {
      return "unverifiable: " + e.getMessage();
    }
  }

  private void metadata(HttpExchange exchange) throws IOException {
    if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
      send(exchange, 403, "Missing Metadata-Flavor:Google header.");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/computeMetadata/v1/project/project-id")) {
      send(exchange, 200, PROJECT);
    } else if (path.equals("/computeMetadata/v1/instance/service-accounts/default/token")) {
      metadataTokenGrants.incrementAndGet();
      send(exchange, 200, "{\"access_token\":\"" + METADATA_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    } else {
      send(exchange, 404, "not found");
    }
  }

  private void query(HttpExchange exchange) throws IOException {
    String expectedPath = "/v1/projects/" + PROJECT + "/location/global/prometheus/api/v1/query";
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    boolean authorized =
        ("Bearer " + SERVICE_ACCOUNT_TOKEN).equals(auth) || ("Bearer " + METADATA_TOKEN).equals(auth);
    if (!authorized) {
      rejected.incrementAndGet();
      send(exchange, 401, "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"bad or no token\"}");
      return;
    }
    if (!exchange.getRequestURI().getPath().equals(expectedPath)) {
      send(exchange, 404, "{\"status\":\"error\",\"errorType\":\"not_found\",\"error\":\"no such project\"}");
      return;
    }
    queries.incrementAndGet();
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?" + exchange.getRequestURI().getRawQuery()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      send(exchange, r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"interrupted\"}");
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
