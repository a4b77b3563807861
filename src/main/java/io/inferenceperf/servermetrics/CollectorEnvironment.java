package io.inferenceperf.servermetrics;

import com.google.auth.oauth2.GoogleCredentials;
import io.inferenceperf.time.NanoClock;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the collector takes from the outside world, gathered so tests can replace it: environment variables and
 * home directory, clocks, sleeping, HTTP, and the Google endpoints.
 *
 * @param wallClockMillis epoch milliseconds; only for Prometheus timestamps, never for durations
 * @param googleMonitoringBase root of the Google Managed Prometheus API, {@code https://monitoring.googleapis.com}
 * @param googleMetadataBase root of the GCE metadata server; {@code $GCE_METADATA_HOST} or {@code
 *     http://metadata.google.internal} (only for the project id: google-auth-library finds its own)
 * @param googleCredentials finds Google credentials: google-auth-library's application default credentials
 */
public record CollectorEnvironment(
    Map<String, String> env,
    Path home,
    LongSupplier wallClockMillis,
    NanoClock nanoClock,
    Sleeper sleeper,
    HttpClient httpClient,
    String googleMonitoringBase,
    String googleMetadataBase,
    GoogleCredentialsFinder googleCredentials) {

  /** Finds Google credentials; tests substitute a key file or a metadata server of their own. */
  @FunctionalInterface
  public interface GoogleCredentialsFinder {
    GoogleCredentials find() throws IOException;
  }

  /** Without a credentials finder: application default credentials. */
  public CollectorEnvironment(Map<String, String> env, Path home, LongSupplier wallClockMillis, NanoClock nanoClock,
      Sleeper sleeper, HttpClient httpClient, String googleMonitoringBase, String googleMetadataBase) {
    this(env, home, wallClockMillis, nanoClock, sleeper, httpClient, googleMonitoringBase, googleMetadataBase,
        GoogleCredentials::getApplicationDefault);
  }

  /** Blocks the calling thread; tests substitute a recording fake. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepMillis(long millis) throws InterruptedException;
  }

  public static CollectorEnvironment system() {
    Map<String, String> env = System.getenv();
    String metadataHost = env.get("GCE_METADATA_HOST");
    return new CollectorEnvironment(
        env,
        Path.of(System.getProperty("user.home", ".")),
        System::currentTimeMillis,
        NanoClock.SYSTEM,
        Thread::sleep,
        defaultHttpClient(),
        "https://monitoring.googleapis.com",
        metadataHost == null || metadataHost.isBlank()
            ? "http://metadata.google.internal"
            : "http://" + metadataHost,
        GoogleCredentials::getApplicationDefault);
  }

  static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  public CollectorEnvironment withEnv(Map<String, String> newEnv) {
    return new CollectorEnvironment(
        newEnv, home, wallClockMillis, nanoClock, sleeper, httpClient, googleMonitoringBase, googleMetadataBase,
        googleCredentials);
  }

  public CollectorEnvironment withHome(Path newHome) {
    return new CollectorEnvironment(
        env, newHome, wallClockMillis, nanoClock, sleeper, httpClient, googleMonitoringBase, googleMetadataBase,
        googleCredentials);
  }

  public CollectorEnvironment withGoogleEndpoints(String monitoringBase, String metadataBase) {
    return new CollectorEnvironment(
        env, home, wallClockMillis, nanoClock, sleeper, httpClient, monitoringBase, metadataBase, googleCredentials);
  }

  public CollectorEnvironment withGoogleCredentials(GoogleCredentialsFinder finder) {
    return new CollectorEnvironment(
        env, home, wallClockMillis, nanoClock, sleeper, httpClient, googleMonitoringBase, googleMetadataBase, finder);
  }

  long nowMillis() {
    return wallClockMillis.getAsLong();
  }
}
