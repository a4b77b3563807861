package io.inferenceperf.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Google application default credentials, as the Google client libraries find them: the key file named by {@code
 * GOOGLE_APPLICATION_CREDENTIALS}, else gcloud's {@code application_default_credentials.json}, else the GCE/GKE
 * metadata server. Tokens are cached until a minute before they expire. Thread-safe.
 */
final class GoogleCredentials implements AccessTokenSource {
  static final String SCOPE = "https://www.googleapis.com/auth/monitoring.read";
  private static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CollectorEnvironment env;
  private final JsonNode keyFile; // null when the metadata server is the source
  private final String source;
  private String cachedToken;
  private long cachedUntilMillis;

  private GoogleCredentials(CollectorEnvironment env, JsonNode keyFile, String source) {
    this.env = env;
    this.keyFile = keyFile;
    this.source = source;
  }

  /** Finds the credentials; fails only for a key file that is named but unreadable. */
  static GoogleCredentials applicationDefault(CollectorEnvironment env) throws IOException {
    String named = env.env().get("GOOGLE_APPLICATION_CREDENTIALS");
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named);
      if (!Files.isReadable(path)) {
        throw new IOException(
            "GOOGLE_APPLICATION_CREDENTIALS names " + path + ", which does not exist or is not readable");
      }
      return fromKeyFile(env, path);
    }
    Path gcloud = gcloudConfigDir(env).resolve("application_default_credentials.json");
    if (Files.isReadable(gcloud)) {
      return fromKeyFile(env, gcloud);
    }
    return new GoogleCredentials(env, null, "metadata server " + env.googleMetadataBase());
  }

  private static GoogleCredentials fromKeyFile(CollectorEnvironment env, Path path) throws IOException {
    JsonNode key;
    try {
      key = JSON.readTree(Files.readString(path));
    } catch (IOException e) {
      throw new IOException("cannot read Google credentials file " + path + ": " + e.getMessage(), e);
    }
    String type = key.path("type").asText();
    if (!type.equals("service_account") && !type.equals("authorized_user")) {
      throw new IOException(
          "Google credentials file " + path + " has type '" + type + "'; expected service_account or authorized_user");
    }
    return new GoogleCredentials(env, key, type + " key file " + path);
  }

  private static Path gcloudConfigDir(CollectorEnvironment env) {
    String configured = env.env().get("CLOUDSDK_CONFIG");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return env.home().resolve(".config").resolve("gcloud");
  }

  String source() {
    return source;
  }

  /** {@code GOOGLE_CLOUD_PROJECT}, else the key file's project, else the metadata server's. */
  String projectId() throws IOException {
    String fromEnv = env.env().get("GOOGLE_CLOUD_PROJECT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (keyFile != null) {
      String project = keyFile.path("project_id").asText(keyFile.path("quota_project_id").asText(""));
      if (!project.isBlank()) {
        return project;
      }
      throw new IOException("no Google Cloud project: set GOOGLE_CLOUD_PROJECT (the " + source + " names none)");
    }
    return metadataGet("/computeMetadata/v1/project/project-id").trim();
  }

  @Override
  public synchronized String bearerToken() throws IOException {
    long now = env.nowMillis();
    if (cachedToken != null && now < cachedUntilMillis) {
      return cachedToken;
    }
    JsonNode answer = fetchToken(now);
    String token = answer.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new IOException("Google token endpoint gave no access_token (" + source + ")");
    }
    long lifetimeSeconds = answer.path("expires_in").asLong(3600);
    cachedToken = token;
    cachedUntilMillis = now + Math.max(0, lifetimeSeconds - 60) * 1000;
    return token;
  }

  private JsonNode fetchToken(long nowMillis) throws IOException {
    if (keyFile == null) {
      return JSON.readTree(metadataGet("/computeMetadata/v1/instance/service-accounts/default/token"));
    }
    String tokenUri = keyFile.path("token_uri").asText(DEFAULT_TOKEN_URI);
    Map<String, String> form = new LinkedHashMap<>();
    if (keyFile.path("type").asText().equals("service_account")) {
      form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
      form.put("assertion", signedAssertion(keyFile, tokenUri, nowMillis / 1000));
    } else {
      form.put("grant_type", "refresh_token");
      form.put("client_id", keyFile.path("client_id").asText());
      form.put("client_secret", keyFile.path("client_secret").asText());
      form.put("refresh_token", keyFile.path("refresh_token").asText());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tokenUri))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    return JSON.readTree(send(request, "Google token endpoint " + tokenUri));
  }

  /** A JWT (RS256) asserting the service account's identity, exchanged for an access token. */
  static String signedAssertion(JsonNode key, String audience, long nowEpochSeconds) throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    if (key.hasNonNull("private_key_id")) {
      header.put("kid", key.get("private_key_id").asText());
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", key.path("client_email").asText());
    claims.put("scope", SCOPE);
    claims.put("aud", audience);
    claims.put("iat", nowEpochSeconds);
    claims.put("exp", nowEpochSeconds + 3600);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(privateKey(key.path("private_key").asText()));
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("cannot sign with the service account's private_key: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private String metadataGet(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(env.googleMetadataBase() + path))
            .timeout(TIMEOUT)
            .header("Metadata-Flavor", "Google")
            .GET()
            .build();
    try {
      return send(request, "GCE metadata server " + env.googleMetadataBase());
    } catch (IOException e) {
      throw new IOException(
          "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run"
              + " `gcloud auth application-default login`, or run on GKE/GCE with a service account ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private String send(HttpRequest request, String what) throws IOException {
    HttpResponse<String> response;
    try {
      response = env.httpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + what, e);
    } catch (IOException e) {
      throw new IOException("cannot reach " + what + ": " + e, e);
    }
    if (response.statusCode() / 100 != 2) {
      String body = response.body() == null ? "" : response.body();
      throw new IOException(
          what + " answered HTTP " + response.statusCode() + ": " + body.substring(0, Math.min(200, body.length())));
    }
    return response.body();
  }

  private static String formEncode(Map<String, String> form) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
