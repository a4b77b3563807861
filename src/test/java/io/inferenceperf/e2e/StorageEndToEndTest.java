package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.storage.FaultProxy;
import io.inferenceperf.storage.GcsJsonApiStub;
import io.inferenceperf.storage.S3MockProcess;
import io.inferenceperf.storage.S3Testing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Whole runs with storage.simple_storage_service against a real S3-compatible server (S3Mock, a separate java
 * process on 127.0.0.1) behind a loopback fault proxy (server errors, S3's answer to an unknown access key).
 */
class StorageEndToEndTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static S3MockProcess mock;
  private static S3Client fixture;

  @BeforeAll
  static void start() throws Exception {
    S3Testing.useTestCredentials();
    System.setProperty("inferenceperf.uploadBackoffMillis", "5");
    mock = S3MockProcess.shared();
    fixture = S3Testing.fixtureClient(mock);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("inferenceperf.uploadBackoffMillis");
    fixture.close();
  }

  private static String newBucket() {
    String name = "e2e-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    fixture.createBucket(b -> b.bucket(name));
    return name;
  }

  private static String config(String bucket, String endpoint, String path) {
    return RunEndToEndTest.EMBEDDED + """
        storage:
          local_storage: {report_file_prefix: loc_}
          simple_storage_service:
            bucket_name: %s
            endpoint_url: %s
            path: "%s"
            report_file_prefix: s3_
        """.formatted(bucket, endpoint, path);
  }

  private static List<String> keys(String bucket) {
    return fixture.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
  }

  @Test
  void aRunUploadsEveryFileUnderInferencePerfsNamesAndTheResultsAfterEachStage(@TempDir Path dir)
      throws Exception {
    String bucket = newBucket();
    try (FaultProxy proxy = new FaultProxy(mock.endpoint())) {
      CliRunner.Result run = CliRunner.run(dir, config(bucket, proxy.endpoint(), "runs/{timestamp}"));
      assertEquals(0, run.exitCode(), run.err());
      List<String> keys = keys(bucket);
      String folder = keys.getFirst().substring(0, keys.getFirst().lastIndexOf('/') + 1);
      assertTrue(folder.matches("runs/\\d{8}-\\d{6}/"), keys.toString());
      assertEquals(List.of("config.yaml", "per_request_lifecycle_metrics.json", "report.html", "results.jsonl.gz",
              "stage_0_lifecycle_metrics.json", "stage_1_lifecycle_metrics.json", "summary_lifecycle_metrics.json")
          .stream().map(name -> folder + "s3_" + name).toList(), keys);
      for (String name : List.of("summary_lifecycle_metrics.json", "results.jsonl.gz", "config.yaml")) {
        assertArrayEquals(Files.readAllBytes(run.reports().resolve("loc_" + name)),
            fixture.getObjectAsBytes(b -> b.bucket(bucket).key(folder + "s3_" + name)).asByteArray(), name);
      }
      // the results went up after a stage too, not only at the end
      long resultPuts = proxy.seen().stream()
          .filter(s -> s.method().equals("PUT") && s.path().endsWith("s3_results.jsonl.gz")).count();
      assertTrue(resultPuts >= 2, proxy.seen().toString());
      String uploadedConfig = fixture.getObjectAsBytes(b -> b.bucket(bucket).key(folder + "s3_config.yaml"))
          .asString(StandardCharsets.UTF_8);
      assertFalse(uploadedConfig.contains("sk-very-secret"), uploadedConfig);
      assertFalse((run.out() + run.err()).contains(S3Testing.SECRET_KEY));
    }
  }

  /** Every configured backend is written, as in inference-perf: S3 and GCS (a local GCS JSON API stub). */
  @Test
  void aRunWithAnS3AndAGcsBucketWritesBoth(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    try (GcsJsonApiStub gcs = new GcsJsonApiStub()) {
      gcs.createBucket("also-gcs");
      gcs.requireToken();
      // credentials from the stub's token endpoint: application default credentials would look for a metadata server
      Path credentials = Files.writeString(dir.resolve("adc.json"), gcs.userCredentialsJson());
      System.setProperty("inferenceperf.googleCredentialsFile", credentials.toString());
      String yaml = config(bucket, mock.endpoint(), "both") + """
            google_cloud_storage: {bucket_name: also-gcs, endpoint_url: "%s", path: both, report_file_prefix: gcs_}
          """.formatted(gcs.endpoint());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(keys(bucket).contains("both/s3_summary_lifecycle_metrics.json"), keys(bucket).toString());
      assertArrayEquals(Files.readAllBytes(run.reports().resolve("loc_results.jsonl.gz")),
          gcs.object("also-gcs", "both/gcs_results.jsonl.gz"));
      assertEquals(keys(bucket).stream().map(k -> k.replace("/s3_", "/gcs_")).toList(), gcs.names("also-gcs"));
    } finally {
      System.clearProperty("inferenceperf.googleCredentialsFile");
    }
  }

  @Test
  void aMissingBucketStopsTheRunBeforeAnyRequest(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, config("no-such-bucket", mock.endpoint(), "r"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("s3://no-such-bucket") && run.err().contains("bucket_name"), run.err());
    assertFalse(run.has("loc_summary_lifecycle_metrics.json"));
    assertFalse(run.has("loc_results.jsonl.gz"));
  }

  @Test
  void wrongCredentialsStopTheRunBeforeAnyRequest(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    try (FaultProxy strict = new FaultProxy(mock.endpoint())) {
      strict.acceptOnly("AKIASOMEONEELSE");
      CliRunner.Result run = CliRunner.run(dir, config(bucket, strict.endpoint(), "r"));
      assertEquals(2, run.exitCode(), run.err());
      // the bucket check is a HEAD request: S3 answers 403 without a body, so without an error code
      assertTrue(run.err().contains("HTTP 403") && run.err().contains("AWS_ACCESS_KEY_ID"), run.err());
      assertFalse(run.err().contains(S3Testing.SECRET_KEY));
      assertFalse(run.has("loc_results.jsonl.gz"));
    }
  }

  @Test
  void anEarlierRunsFolderIsNeverWrittenOverSilently(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    assertEquals(0, CliRunner.run(dir.resolve("a"), config(bucket, mock.endpoint(), "fixed")).exitCode());
    CliRunner.Result again = CliRunner.run(dir.resolve("b"), config(bucket, mock.endpoint(), "fixed"));
    assertEquals(2, again.exitCode(), again.err());
    assertTrue(again.err().contains("already holds objects") && again.err().contains("overwrite"), again.err());
    CliRunner.Result overwrite = CliRunner.run(dir.resolve("c"), config(bucket, mock.endpoint(), "fixed"),
        "--storage.simple_storage_service.overwrite", "true");
    assertEquals(0, overwrite.exitCode(), overwrite.err());
  }

  @Test
  void failedUploadsAreRetriedAndTheRunSucceeds(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    try (FaultProxy flaky = new FaultProxy(mock.endpoint())) {
      flaky.failUploads(3, "summary_lifecycle_metrics");
      CliRunner.Result run = CliRunner.run(dir, config(bucket, flaky.endpoint(), "flaky"));
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(keys(bucket).contains("flaky/s3_summary_lifecycle_metrics.json"), keys(bucket).toString());
    }
  }

  @Test
  void uploadsThatKeepFailingFailTheRunAndNameTheLocalCopy(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    try (FaultProxy broken = new FaultProxy(mock.endpoint())) {
      broken.failUploads(Integer.MAX_VALUE, "lifecycle_metrics");
      CliRunner.Result run = CliRunner.run(dir, config(bucket, broken.endpoint(), "broken"));
      assertEquals(1, run.exitCode(), run.err());
      assertTrue(run.err().contains("could not be uploaded") && run.err().contains(
          run.reports().toAbsolutePath().toString()), run.err());
      assertTrue(run.err().contains("s3://" + bucket + "/broken/s3_summary_lifecycle_metrics.json"), run.err());
      assertTrue(run.has("loc_summary_lifecycle_metrics.json"));
      assertTrue(keys(bucket).contains("broken/s3_results.jsonl.gz"), keys(bucket).toString());
    }
  }
}
