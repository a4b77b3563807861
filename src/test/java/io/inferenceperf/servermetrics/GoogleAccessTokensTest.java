package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and project for Google Managed Prometheus through google-auth-library (key files parsed, JWTs signed,
 * tokens exchanged and refreshed by the library), against the local stub of Google's token endpoint and metadata
 * server ({@link GoogleApiStub}, which verifies the service account's signature).
 */
class GoogleAccessTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void gcloudUserCredentialsAreRefreshedOnceAndReused(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      String file = "{\"type\":\"authorized_user\",\"client_id\":\"cid\",\"client_secret\":\"secret\","
          + "\"refresh_token\":\"rt\",\"quota_project_id\":\"user-project\",\"token_uri\":\"" + google.baseUrl()
          + "/token\"}";
      GoogleAccessTokens tokens = GoogleAccessTokens.applicationDefault(env(google, home, Map.of(), file));
      assertEquals(GoogleApiStub.USER_TOKEN, tokens.bearerToken());
      assertEquals(GoogleApiStub.USER_TOKEN, tokens.bearerToken());
      assertEquals(1, google.tokenGrants.get(), "cached");
      assertEquals("user-project", tokens.projectId());
      assertEquals("env-project", GoogleAccessTokens.applicationDefault(
          env(google, home, Map.of("GOOGLE_CLOUD_PROJECT", "env-project"), file)).projectId());
    }
  }

  @Test
  void aServiceAccountKeyIsSignedByTheLibraryWithTheMonitoringScope(@TempDir Path home) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String email = "bench@stub-project.iam.gserviceaccount.com";
    try (GoogleApiStub google = new GoogleApiStub(keys.getPublic(), email, "http://127.0.0.1:9")) {
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
              keys.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      String file = JSON.writeValueAsString(Map.of("type", "service_account", "project_id", "sa-project",
          "private_key_id", "k1", "private_key", pem, "client_email", email, "client_id", "1",
          "token_uri", google.baseUrl() + "/token"));
      GoogleAccessTokens tokens = GoogleAccessTokens.applicationDefault(env(google, home, Map.of(), file));
      assertEquals(GoogleApiStub.SERVICE_ACCOUNT_TOKEN, tokens.bearerToken());
      assertEquals(1, google.tokenGrants.get());
      assertEquals("sa-project", tokens.projectId());
      assertEquals("ServiceAccountCredentials", tokens.source());
    }
  }

  @Test
  void withoutAKeyFileTheMetadataServerIsAsked(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      CollectorEnvironment env = env(google, home, Map.of(), null).withGoogleCredentials(() ->
          ComputeEngineCredentials.newBuilder().setHttpTransportFactory(towards(google.baseUrl())).build());
      GoogleAccessTokens tokens = GoogleAccessTokens.applicationDefault(env);
      assertEquals(GoogleApiStub.METADATA_TOKEN, tokens.bearerToken());
      assertEquals(GoogleApiStub.METADATA_TOKEN, tokens.bearerToken());
      assertEquals(1, google.metadataTokenGrants.get());
      assertEquals(GoogleApiStub.PROJECT, tokens.projectId());
    }
  }

  @Test
  void problemsSayWhatToDoAndPrintNoSecret(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      CollectorEnvironment none = env(google, home, Map.of(), null).withGoogleCredentials(() -> {
        throw new IOException("Your default credentials were not found");
      });
      IOException missing = assertThrows(IOException.class, () -> GoogleAccessTokens.applicationDefault(none));
      assertTrue(missing.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS"), missing.getMessage());

      String revoked = "{\"type\":\"authorized_user\",\"client_id\":\"cid\",\"client_secret\":\"secret\","
          + "\"refresh_token\":\"revoked-rt\",\"token_uri\":\"" + google.baseUrl() + "/token\"}";
      GoogleAccessTokens tokens = GoogleAccessTokens.applicationDefault(env(google, home, Map.of(), revoked));
      IOException denied = assertThrows(IOException.class, tokens::bearerToken);
      assertTrue(denied.getMessage().contains("invalid_grant"), denied.getMessage());
      assertFalse(denied.getMessage().contains("revoked-rt"), denied.getMessage());
      IOException noProject = assertThrows(IOException.class, tokens::projectId);
      assertTrue(noProject.getMessage().contains("GOOGLE_CLOUD_PROJECT"), noProject.getMessage());

      CollectorEnvironment noMetadata = env(google, home, Map.of(), null).withGoogleCredentials(() ->
          ComputeEngineCredentials.newBuilder().setHttpTransportFactory(towards("http://127.0.0.1:9")).build());
      IOException unreachable = assertThrows(IOException.class,
          () -> GoogleAccessTokens.applicationDefault(noMetadata).bearerToken());
      assertTrue(unreachable.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS"), unreachable.getMessage());
    }
  }

  private static GoogleApiStub stub() throws Exception {
    return new GoogleApiStub(UNUSED_KEY.getPublic(), "none", "http://127.0.0.1:9");
  }

  private static final KeyPair UNUSED_KEY = unusedKey();

  private static KeyPair unusedKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The environment, with the credentials file {@code json} in the place of application default ones. */
  static CollectorEnvironment env(GoogleApiStub google, Path home, Map<String, String> vars, String json) {
    CollectorEnvironment env = CollectorEnvironment.system().withEnv(vars).withHome(home)
        .withGoogleEndpoints(google.baseUrl(), google.baseUrl());
    return json == null ? env : env.withGoogleCredentials(() -> GoogleCredentials.fromStream(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * The library's HTTP transport with every request sent to {@code base} instead: the metadata server's fixed host
   * (metadata.google.internal) becomes the local stub.
   */
  static HttpTransportFactory towards(String base) {
    URI target = URI.create(base);
    return () -> new NetHttpTransport.Builder().setConnectionFactory(url -> {
      URI original = URI.create(url.toString());
      URI rewritten = URI.create(target.getScheme() + "://" + target.getAuthority() + original.getRawPath()
          + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery()));
      return (HttpURLConnection) rewritten.toURL().openConnection(Proxy.NO_PROXY);
    }).build();
  }
}
