package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.storage.S3MockProcess;
import io.inferenceperf.storage.S3Testing;
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
 * The in-cluster merge step: the load generators of a distributed run upload their folders (replica-INDEX) to a
 * real S3-compatible server (S3Mock on 127.0.0.1), and {@code inference-perf report s3://bucket/PATH/} merges them
 * from there, as a second Job would, and uploads the merged report.
 */
class MergeFromBucketEndToEndTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static S3MockProcess mock;
  private static S3Client fixture;

  @BeforeAll
  static void start() throws Exception {
    S3Testing.useTestCredentials();
    mock = S3MockProcess.shared();
    fixture = S3Testing.fixtureClient(mock);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static String newBucket() {
    String name = "merge-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    fixture.createBucket(b -> b.bucket(name));
    return name;
  }

  private static String config(String bucket, String path) {
    return RunEndToEndTest.EMBEDDED + """
        storage:
          simple_storage_service: {bucket_name: %s, endpoint_url: %s, path: "%s"}
        """.formatted(bucket, mock.endpoint(), path);
  }

  private static List<String> keys(String bucket, String prefix) {
    return fixture.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
        .sorted().toList();
  }

  /** The first {@code count} load generators of a 2-replica run, one after the other, under PATH/replica-INDEX. */
  private static void runReplicas(Path dir, String bucket, String path, int count) throws Exception {
    for (int index = 0; index < count; index++) {
      CliRunner.Result run = CliRunner.run(dir.resolve("pod-" + index), config(bucket, path),
          "--load.distributed.replicas", "2", "--index", Integer.toString(index));
      assertEquals(0, run.exitCode(), run.err());
    }
  }

  @Test
  void theReplicasFoldersInTheBucketMergeAsTheLocalOnesDoAndTheMergedReportGoesBack(@TempDir Path dir)
      throws Exception {
    String bucket = newBucket();
    runReplicas(dir, bucket, "runs/job-a", 2);
    assertTrue(keys(bucket, "runs/job-a/").containsAll(List.of("runs/job-a/replica-0/results.jsonl.gz",
        "runs/job-a/replica-1/results.jsonl.gz")), keys(bucket, "").toString());

    CliRunner.Output fromBucket = CliRunner.cli("report", "s3://" + bucket + "/runs/job-a/", "--endpoint-url",
        mock.endpoint(), "--output", dir.resolve("merged").toString(), "--upload-to",
        "s3://" + bucket + "/runs/job-a/merged");
    assertEquals(0, fromBucket.code(), fromBucket.err());
    assertTrue(fromBucket.out().contains("Fetching 2 results files"), fromBucket.out());
    CliRunner.Output local = CliRunner.cli("report", dir.resolve("pod-0/reports/replica-0").toString(),
        dir.resolve("pod-1/reports/replica-1").toString(), "--output", dir.resolve("local").toString());
    assertEquals(0, local.code(), local.err());

    JsonNode merged = CliRunner.JSON.readTree(dir.resolve("merged/summary_lifecycle_metrics.json").toFile());
    JsonNode expected = CliRunner.JSON.readTree(dir.resolve("local/summary_lifecycle_metrics.json").toFile());
    assertEquals(2, merged.get("load_generators").size());
    assertEquals(expected.get("load_generators"), merged.get("load_generators"));
    assertEquals(expected.get("successes"), merged.get("successes"));
    assertTrue(merged.get("successes").get("count").asInt() > 0, merged.toString());

    List<String> uploaded = keys(bucket, "runs/job-a/merged/");
    assertTrue(uploaded.contains("runs/job-a/merged/summary_lifecycle_metrics.json"), uploaded.toString());
    assertEquals(Files.readString(dir.resolve("merged/summary_lifecycle_metrics.json")),
        fixture.getObjectAsBytes(b -> b.bucket(bucket).key("runs/job-a/merged/summary_lifecycle_metrics.json"))
            .asUtf8String());
  }

  @Test
  void aPrefixHoldingTwoRunsOrNoneIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    runReplicas(dir.resolve("first"), bucket, "runs/a", 1);
    runReplicas(dir.resolve("second"), bucket, "runs/b", 1);
    CliRunner.Output both = CliRunner.cli("report", "s3://" + bucket + "/runs/", "--endpoint-url", mock.endpoint(),
        "--output", dir.resolve("m").toString());
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("two results files of replica 0") && both.err().contains("name the run's own"
        + " folder"), both.err());

    CliRunner.Output none = CliRunner.cli("report", "s3://" + bucket + "/runs/c/", "--endpoint-url",
        mock.endpoint(), "--output", dir.resolve("n").toString());
    assertEquals(2, none.code(), none.err());
    assertTrue(none.err().contains("s3://" + bucket + "/runs/c/ holds no results.jsonl.gz"), none.err());
  }
}
