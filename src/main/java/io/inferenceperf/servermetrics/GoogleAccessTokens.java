package io.inferenceperf.servermetrics;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Bearer tokens for Google Managed Prometheus from google-auth-library: application default credentials (the key
 * file named by GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default login, or the metadata server, i.e.
 * Workload Identity on GKE), scoped to monitoring.read. The library signs, exchanges and refreshes; tokens are
 * reused until shortly before they expire. Thread-safe.
 */
final class GoogleAccessTokens implements AccessTokenSource {
  static final String SCOPE = "https://www.googleapis.com/auth/monitoring.read";
  static final String HOW_TO = "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run `gcloud auth"
      + " application-default login`, or run on GKE/GCE with a service account (Workload Identity)";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CollectorEnvironment env;
  private final GoogleCredentials credentials;

  private GoogleAccessTokens(CollectorEnvironment env, GoogleCredentials credentials) {
    this.env = env;
    this.credentials = credentials;
  }

  /** Finds the credentials (nothing is fetched yet); fails when there are none or they cannot be read. */
  static GoogleAccessTokens applicationDefault(CollectorEnvironment env) throws IOException {
    GoogleCredentials found;
    try {
      found = env.googleCredentials().find();
    } catch (IOException e) {
      throw new IOException("no Google credentials: " + HOW_TO + " (" + e.getMessage() + ")", e);
    }
    return new GoogleAccessTokens(env, found.createScopedRequired() ? found.createScoped(SCOPE) : found);
  }

  /** What kind of credentials were found, for messages: {@code ServiceAccountCredentials}. */
  String source() {
    return credentials.getClass().getSimpleName();
  }

  /**
   * {@code GOOGLE_CLOUD_PROJECT}, else the credentials' project (a service account key's project_id, a user's
   * quota project), else the metadata server's.
   */
  String projectId() throws IOException {
    String fromEnv = env.env().get("GOOGLE_CLOUD_PROJECT");
    if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
    String project = credentials.getProjectId();
    if (project == null || project.isBlank()) project = credentials.getQuotaProjectId();
    if (project != null && !project.isBlank()) return project;
    if (credentials instanceof ComputeEngineCredentials) return metadataProjectId();
    throw new IOException("no Google Cloud project: set GOOGLE_CLOUD_PROJECT (the " + source() + " name none)");
  }

  @Override
  public synchronized String bearerToken() throws IOException {
    try {
      credentials.refreshIfExpired();
    } catch (IOException e) {
      throw new IOException("the Google credentials (" + source() + ") gave no access token: "
          + oneLine(e.getMessage()) + "; " + HOW_TO, e);
    }
    AccessToken token = credentials.getAccessToken();
    if (token == null || token.getTokenValue() == null || token.getTokenValue().isEmpty()) {
      throw new IOException("the Google credentials (" + source() + ") gave no access token");
    }
    return token.getTokenValue();
  }

  /** The project of the VM or GKE node; not a secret, so a plain request. */
  private String metadataProjectId() throws IOException {
    String base = env.googleMetadataBase();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/computeMetadata/v1/project/project-id"))
        .timeout(TIMEOUT).header("Metadata-Flavor", "Google").GET().build();
    HttpResponse<String> response;
    try {
      response = env.httpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the metadata server " + base + " for the project", e);
    } catch (IOException e) {
      throw new IOException("no Google Cloud project: set GOOGLE_CLOUD_PROJECT (the metadata server " + base
          + " did not answer: " + e + ")", e);
    }
    if (response.statusCode() != 200 || response.body().isBlank()) {
      throw new IOException("no Google Cloud project: set GOOGLE_CLOUD_PROJECT (the metadata server " + base
          + " answered HTTP " + response.statusCode() + ")");
    }
    return response.body().trim();
  }

  private static String oneLine(String message) {
    if (message == null) return "no message";
    String flat = message.replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
