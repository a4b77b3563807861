package io.inferenceperf.servermetrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package, installed by scripts/test-deps-prometheus.sh) started for one test class on
 * 127.0.0.1 with a free port, a temporary storage directory and a generated prometheus.yml.
 */
public final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final Process process;
  private final Path directory;
  private final int port;

  private PrometheusServer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /** Starts Prometheus scraping {@code targets} (host:port, path /metrics) every {@code scrapeIntervalSeconds}. */
  public static PrometheusServer start(List<String> targets, int scrapeIntervalSeconds) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: run scripts/test-deps-prometheus.sh (installs Debian's prometheus package)");
    }
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("prometheus-test");
      int port = freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, config(targets, scrapeIntervalSeconds));
      Process process =
          new ProcessBuilder(
                  BINARY.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, dir, port);
      if (server.awaitReady(Duration.ofSeconds(30))) {
        return server;
      }
      last = new IOException("Prometheus did not become ready; log: " + server.log());
      server.close();
    }
    throw last;
  }

  private static String config(List<String> targets, int scrapeIntervalSeconds) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("global:\n");
    yaml.append("  scrape_interval: ").append(scrapeIntervalSeconds).append("s\n");
    yaml.append("  scrape_timeout: ").append(scrapeIntervalSeconds).append("s\n");
    yaml.append("scrape_configs:\n");
    yaml.append("  - job_name: model-server\n");
    yaml.append("    static_configs:\n");
    yaml.append("      - targets: [");
    for (int i = 0; i < targets.size(); i++) {
      yaml.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
    }
    yaml.append("]\n");
    return yaml.toString();
  }

  /** Waits until every scrape target has been scraped successfully once (so windows have a baseline sample). */
  public void awaitTargetsUp(int targets, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create(url() + "/api/v1/query?query=" + java.net.URLEncoder.encode("sum(up)",
        java.nio.charset.StandardCharsets.UTF_8));
    while (System.nanoTime() < deadline) {
      String body = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("\"" + targets + "\"]")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Prometheus did not scrape its " + targets + " targets in " + timeout
        + "; log: " + log());
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private boolean awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("Ready")) { // its own answer, not another server's
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return false;
  }

  String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
