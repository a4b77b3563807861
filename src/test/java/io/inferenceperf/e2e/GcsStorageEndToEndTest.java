package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.storage.GcsJsonApiStub;
import io.inferenceperf.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs with storage.google_cloud_storage through Google's Java client and google-auth-library (gcloud-style
 * user credentials refreshed at the stub's token endpoint) against {@link GcsJsonApiStub} on 127.0.0.1, a small
 * GCS JSON API stub standing in for fake-gcs-server, which cannot be installed here.
 */
class GcsStorageEndToEndTest {
  private static final String CREDENTIALS_PROPERTY = "inferenceperf.googleCredentialsFile";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final Path SHAREGPT = Path.of("src/test/resources/datasets/sharegpt.json");

  private static GcsJsonApiStub stub;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("inferenceperf.uploadBackoffMillis", "5");
    stub = new GcsJsonApiStub();
    stub.requireToken();
  }

  @AfterAll
  static void stop() {
    System.clearProperty("inferenceperf.uploadBackoffMillis");
    System.clearProperty(CREDENTIALS_PROPERTY);
    stub.close();
  }

  private static String newBucket() {
    String name = "gcs-e2e-" + BUCKETS.incrementAndGet();
    stub.createBucket(name);
    return name;
  }

  private static void useCredentials(Path dir, String json) throws Exception {
    Path file = Files.writeString(dir.resolve("adc.json"), json);
    System.setProperty(CREDENTIALS_PROPERTY, file.toString());
  }

  private static String config(String bucket, String path) {
    return RunEndToEndTest.EMBEDDED + """
        storage:
          local_storage: {report_file_prefix: loc_}
          google_cloud_storage:
            bucket_name: %s
            endpoint_url: %s
            path: "%s"
            report_file_prefix: gcs_
        """.formatted(bucket, stub.endpoint(), path);
  }

  @Test
  void aRunUploadsEveryFileUnderInferencePerfsNames(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson());
    String bucket = newBucket();
    CliRunner.Result run = CliRunner.run(dir, config(bucket, "runs/{timestamp}"));
    assertEquals(0, run.exitCode(), run.err());
    List<String> names = stub.names(bucket);
    String folder = names.getFirst().substring(0, names.getFirst().lastIndexOf('/') + 1);
    assertTrue(folder.matches("runs/\\d{8}-\\d{6}/"), names.toString());
    assertEquals(List.of("config.yaml", "per_request_lifecycle_metrics.json", "report.html", "results.jsonl.gz",
            "stage_0_lifecycle_metrics.json", "stage_1_lifecycle_metrics.json", "summary_lifecycle_metrics.json")
        .stream().map(name -> folder + "gcs_" + name).toList(), names);
    for (String name : List.of("summary_lifecycle_metrics.json", "results.jsonl.gz", "config.yaml")) {
      assertArrayEquals(Files.readAllBytes(run.reports().resolve("loc_" + name)),
          stub.object(bucket, folder + "gcs_" + name), name);
    }
    String uploadedConfig = new String(stub.object(bucket, folder + "gcs_config.yaml"), StandardCharsets.UTF_8);
    assertFalse(uploadedConfig.contains("sk-very-secret"), uploadedConfig);
    for (String secret : List.of(GcsJsonApiStub.CLIENT_SECRET, GcsJsonApiStub.REFRESH_TOKEN,
        GcsJsonApiStub.ACCESS_TOKEN)) {
      assertFalse((run.out() + run.err()).contains(secret), secret);
      assertFalse(uploadedConfig.contains(secret), secret);
    }
  }

  /**
   * The production path of the credentials: a separate process finds them as application default credentials
   * through GOOGLE_APPLICATION_CREDENTIALS (google-auth-library's own discovery), with no test hook.
   */
  @Test
  void aChildProcessFindsApplicationDefaultCredentialsThroughTheEnvironment(@TempDir Path dir) throws Exception {
    Path credentials = Files.writeString(dir.resolve("adc.json"), stub.userCredentialsJson());
    String bucket = newBucket();
    Path config = Files.writeString(dir.resolve("config.yml"), config(bucket, "child"));
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.main(List.of(), "--config_file", config.toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
    builder.environment().put("GOOGLE_APPLICATION_CREDENTIALS", credentials.toString());
    builder.environment().put("NO_GCE_CHECK", "true"); // never probe a metadata server from a test
    builder.environment().remove("CLOUDSDK_CONFIG");
    int grantsBefore = stub.tokenGrants();
    Process child = builder.start();
    try {
      assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child run did not end in time");
    } finally {
      child.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("child.log"));
    assertEquals(0, child.exitValue(), log);
    assertTrue(stub.names(bucket).contains("child/gcs_summary_lifecycle_metrics.json"), stub.names(bucket)::toString);
    assertEquals(grantsBefore + 1, stub.tokenGrants(), "one token, refreshed by the library, for every request");
    assertFalse(log.contains(GcsJsonApiStub.REFRESH_TOKEN) || log.contains(GcsJsonApiStub.ACCESS_TOKEN), log);
  }

  @Test
  void aMissingBucketStopsTheRunBeforeAnyRequest(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson());
    CliRunner.Result run = CliRunner.run(dir, config("no-such-gcs-bucket", "r"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("gs://no-such-gcs-bucket") && run.err().contains("google_cloud_storage.bucket_name"),
        run.err());
    assertFalse(run.has("loc_summary_lifecycle_metrics.json"));
    assertFalse(run.has("loc_results.jsonl.gz"));
  }

  @Test
  void revokedCredentialsStopTheRunBeforeAnyRequestAndNoSecretIsPrinted(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson().replace(GcsJsonApiStub.REFRESH_TOKEN, "revoked-refresh-token"));
    String bucket = newBucket();
    CliRunner.Result run = CliRunner.run(dir, config(bucket, "r"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("invalid_grant") && run.err().contains("GOOGLE_APPLICATION_CREDENTIALS"), run.err());
    assertFalse(run.err().contains("revoked-refresh-token") || run.err().contains(GcsJsonApiStub.CLIENT_SECRET));
    assertFalse(run.has("loc_results.jsonl.gz"));
    assertTrue(stub.names(bucket).isEmpty());
  }

  @Test
  void aGsDatasetIsDownloadedOnceAndThenReadFromTheCache(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson());
    System.setProperty("inferenceperf.dataCache", dir.resolve("cache").toString());
    try {
      String bucket = newBucket();
      stub.put(bucket, "chats/sharegpt.json", Files.readAllBytes(SHAREGPT));
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: simulator}
          simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
          data: {type: shareGPT, path: "gs://%s/chats/sharegpt.json"}
          load: {type: constant, stages: [{rate: 20, duration: 0.5}]}
          storage:
            google_cloud_storage: {bucket_name: %s, endpoint_url: "%s", path: "{timestamp}"}
          """.formatted(bucket, bucket, stub.endpoint());
      CliRunner.Result first = CliRunner.run(dir.resolve("one"), yaml);
      assertEquals(0, first.exitCode(), first.err());
      assertEquals(10, first.json("summary_lifecycle_metrics.json").at("/load_summary/count").asInt());
      Path cached = dir.resolve("cache/gs/" + bucket + "/chats/sharegpt.json");
      assertEquals(Files.readString(SHAREGPT), Files.readString(cached));
      assertEquals(1, mediaGets(bucket));

      Thread.sleep(1100); // the next run's {timestamp} folder must differ from this one's
      CliRunner.Result second = CliRunner.run(dir.resolve("two"), yaml);
      assertEquals(0, second.exitCode(), second.err());
      assertEquals(1, mediaGets(bucket), "the second run reads the cached copy");

      CliRunner.Result missing = CliRunner.run(dir.resolve("three"), yaml.replace("chats/sharegpt.json", "nope.json")
          .replace("path: \"{timestamp}\"", "path: \"missing-{timestamp}\"")); // may start in run two's second
      assertEquals(2, missing.exitCode(), missing.err());
      assertTrue(missing.err().contains("data.path") && missing.err().contains("gs://" + bucket + "/nope.json"),
          missing.err());
    } finally {
      System.clearProperty("inferenceperf.dataCache");
    }
  }

  private static long mediaGets(String bucket) {
    return stub.seen().stream().filter(s -> s.method().equals("GET")
        && s.path().endsWith("/b/" + bucket + "/o/chats/sharegpt.json") && "alt=media".equals(s.query())).count();
  }

  @Test
  void uploadsThatKeepFailingFailTheRunAndNameTheLocalCopy(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson());
    String bucket = newBucket();
    stub.failUploads(Integer.MAX_VALUE, "lifecycle_metrics");
    try {
      CliRunner.Result run = CliRunner.run(dir, config(bucket, "broken"));
      assertEquals(1, run.exitCode(), run.err());
      assertTrue(run.err().contains("could not be uploaded")
          && run.err().contains(run.reports().toAbsolutePath().toString()), run.err());
      assertTrue(run.err().contains("gs://" + bucket + "/broken/gcs_summary_lifecycle_metrics.json"), run.err());
      assertTrue(run.has("loc_summary_lifecycle_metrics.json"));
      assertTrue(stub.names(bucket).contains("broken/gcs_results.jsonl.gz"), stub.names(bucket)::toString);
    } finally {
      stub.failUploads(0);
    }
  }

  @Test
  void anEarlierRunsFolderIsNeverWrittenOverSilently(@TempDir Path dir) throws Exception {
    useCredentials(dir, stub.userCredentialsJson());
    String bucket = newBucket();
    assertEquals(0, CliRunner.run(dir.resolve("a"), config(bucket, "fixed")).exitCode());
    CliRunner.Result again = CliRunner.run(dir.resolve("b"), config(bucket, "fixed"));
    assertEquals(2, again.exitCode(), again.err());
    assertTrue(again.err().contains("already holds objects")
        && again.err().contains("storage.google_cloud_storage.overwrite"), again.err());
  }
}
