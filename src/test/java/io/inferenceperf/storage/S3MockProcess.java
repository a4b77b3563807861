package io.inferenceperf.storage;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real S3-compatible server for the tests: Adobe S3Mock's standalone jar (a test dependency from Maven
 * Central), started once per test JVM as a separate java process on 127.0.0.1 and stopped when the JVM exits.
 * S3Mock stores objects on disk and speaks the S3 REST API (path-style; it checks no signatures, so the tests'
 * {@link FaultProxy} plays S3's answers to wrong credentials and to virtual-host requests).
 */
public final class S3MockProcess {
  private static final long START_TIMEOUT_NANOS = 180_000_000_000L;
  private static final Pattern STARTED_PORTS =
      Pattern.compile("Tomcat started on ports? \\d+ \\(https\\), (\\d+) \\(http\\)");
  private static S3MockProcess shared;

  private final Process process;
  private final int port;

  private S3MockProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The JVM's one S3Mock, started on first use. */
  public static synchronized S3MockProcess shared() throws IOException, InterruptedException {
    if (shared == null) shared = start();
    return shared;
  }

  /** {@code http://127.0.0.1:port}: the path-style endpoint. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private static S3MockProcess start() throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("s3mock-root");
    Path log = Files.createTempFile("s3mock", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Port 0 for both connectors: S3Mock binds free ports itself and names them in its log. A port picked here and
    // handed over could be taken in between by another test JVM's server, which would then answer for S3Mock.
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", jar().toString(),
        "--server.address=127.0.0.1", "--server.port=0",
        "--com.adobe.testing.s3mock.httpPort=0",
        "--com.adobe.testing.s3mock.store.root=" + root,
        "--com.adobe.testing.s3mock.max-payload-size=64MB"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    try {
      S3MockProcess mock = new S3MockProcess(process, awaitPort(process, log));
      mock.awaitAnswer(log);
      return mock;
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroy();
      throw e;
    }
  }

  /** The http port from S3Mock's log line {@code Tomcat started on ports N (https), P (http)}. */
  private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      Matcher started = STARTED_PORTS.matcher(Files.readString(log));
      if (started.find()) return Integer.parseInt(started.group(1));
      if (!process.isAlive()) throw new IOException("S3Mock exited: " + Files.readString(log));
      Thread.sleep(100);
    }
    throw new IOException("S3Mock did not start in time; its log: " + log);
  }

  /** Waits until the port answers as S3 does: a bucket listing. */
  private void awaitAnswer(Path log) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("S3Mock exited: " + Files.readString(log));
      try {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(endpoint() + "/"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 && answer.body().contains("ListAllMyBucketsResult")) return;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IOException("S3Mock did not answer in time; its log: " + log);
  }

  /** The exec jar on the test class path (Maven puts it there), else in the local Maven repository. */
  private static Path jar() throws IOException {
    for (String property : new String[] {"surefire.test.class.path", "java.class.path"}) {
      String classPath = System.getProperty(property, "");
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.contains("s3mock") && entry.endsWith("-exec.jar")) return Path.of(entry);
      }
    }
    Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "adobe", "testing",
        "s3mock", "5.2.0", "s3mock-5.2.0-exec.jar");
    if (Files.exists(repository)) return repository;
    throw new IOException("S3Mock's jar is missing: run `mvn test-compile` (it is a test dependency in pom.xml)");
  }
}
