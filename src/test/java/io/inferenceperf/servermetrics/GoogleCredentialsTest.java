package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Application default credentials discovery against the local stub of Google's token endpoint and metadata server. */
class GoogleCredentialsTest {

  @Test
  void gcloudUserCredentialsAreFoundInTheWellKnownFileAndRefreshed(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      Path file = home.resolve(".config/gcloud/application_default_credentials.json");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "{\"type\":\"authorized_user\",\"client_id\":\"cid\",\"client_secret\":\"secret\",\"refresh_token\":\"rt\","
              + "\"quota_project_id\":\"user-project\",\"token_uri\":\"" + google.baseUrl() + "/token\"}");
      GoogleCredentials credentials = GoogleCredentials.applicationDefault(env(google, home, Map.of()));
      assertEquals(GoogleApiStub.USER_TOKEN, credentials.bearerToken());
      assertEquals(GoogleApiStub.USER_TOKEN, credentials.bearerToken());
      assertEquals(1, google.tokenGrants.get(), "cached");
      assertEquals("user-project", credentials.projectId());
      assertEquals(
          "env-project", GoogleCredentials.applicationDefault(env(google, home, Map.of("GOOGLE_CLOUD_PROJECT", "env-project"))).projectId());
    }
  }

  @Test
  void withoutAnyFileTheMetadataServerIsAsked(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      GoogleCredentials credentials = GoogleCredentials.applicationDefault(env(google, home, Map.of()));
      assertTrue(credentials.source().startsWith("metadata server"));
      assertEquals(GoogleApiStub.METADATA_TOKEN, credentials.bearerToken());
      assertEquals(GoogleApiStub.PROJECT, credentials.projectId());
    }
  }

  @Test
  void problemsSayWhatToDo(@TempDir Path home) throws Exception {
    try (GoogleApiStub google = stub()) {
      Path wrongType = home.resolve("key.json");
      Files.writeString(wrongType, "{\"type\":\"external_account\"}");
      IOException e =
          assertThrows(
              IOException.class,
              () -> GoogleCredentials.applicationDefault(
                  env(google, home, Map.of("GOOGLE_APPLICATION_CREDENTIALS", wrongType.toString()))));
      assertTrue(e.getMessage().contains("expected service_account or authorized_user"), e.getMessage());
      CollectorEnvironment noMetadata =
          env(google, home, Map.of()).withGoogleEndpoints(google.baseUrl(), "http://127.0.0.1:9");
      IOException none =
          assertThrows(IOException.class, () -> GoogleCredentials.applicationDefault(noMetadata).bearerToken());
      assertTrue(none.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS"), none.getMessage());
    }
  }

  private static GoogleApiStub stub() throws Exception {
    return new GoogleApiStub(
        KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic(), "none", "http://127.0.0.1:9");
  }

  private static CollectorEnvironment env(GoogleApiStub google, Path home, Map<String, String> vars) {
    return CollectorEnvironment.system().withEnv(vars).withHome(home).withGoogleEndpoints(google.baseUrl(), google.baseUrl());
  }
}
