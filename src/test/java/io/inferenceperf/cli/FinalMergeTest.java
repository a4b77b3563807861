package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.StorageConfig.SimpleStorageService;
import io.inferenceperf.storage.S3MockProcess;
import io.inferenceperf.storage.S3Testing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The merge the last pod of a Job runs: the replicas' folders fetched from a real S3-compatible server (S3Mock on
 * 127.0.0.1), wherever each pod put them, merged, and uploaded as PATH/merged.
 */
class FinalMergeTest {

  @Test
  void mergedUrlIsTheReplicasCommonFolder() {
    assertEquals("s3://b/runs/a/merged", FinalMerge.mergedUrl("s3://b/runs/a/replica-3/"));
    assertEquals("s3://b/runs/a/merged", FinalMerge.mergedUrl("s3://b/runs/a/replica-0/s3_"));
  }

  @Test
  void theReplicasFoldersUnderDifferentTimestampsMergeIntoTheLastOnesPath(@TempDir Path dir) throws Exception {
    S3Testing.useTestCredentials();
    S3MockProcess mock = S3MockProcess.shared();
    String bucket = "final-merge-" + System.nanoTime() % 100_000;
    try (S3Client fixture = S3Testing.fixtureClient(mock)) {
      fixture.createBucket(b -> b.bucket(bucket));
      for (int index = 0; index < 2; index++) {
        // each pod expanded {timestamp} at its own start: their folders differ
        Path config = Files.writeString(dir.resolve("c" + index + ".yml"), """
            server: {type: simulator}
            simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
            load: {type: constant, stages: [{rate: 20, duration: 0.5}], base_seed: 3}
            storage: {simple_storage_service: {bucket_name: %s, endpoint_url: %s, path: runs/t%d}}
            """.formatted(bucket, mock.endpoint(), index));
        int code = Cli.run(new String[] {"-c", config.toString(), "--storage.local_storage.path",
            dir.resolve("pod-" + index).toString(), "--load.distributed.replicas", "2", "--index",
            Integer.toString(index)}, quiet(), quiet());
        assertEquals(0, code);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SimpleStorageService s3 = new SimpleStorageService(bucket, "runs/t1", null, mock.endpoint(), null, "auto",
          false);
      FinalMerge.merge(Map.of(0, "s3://" + bucket + "/runs/t0/replica-0/", 1, "s3://" + bucket
          + "/runs/t1/replica-1/"), 2, s3, "s3://" + bucket + "/runs/t1/replica-1/", dir.resolve("merged"),
          new PrintStream(out, true, StandardCharsets.UTF_8), quiet());
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("Uploaded"), out.toString(StandardCharsets.UTF_8));
      JsonNode summary = new ObjectMapper().readTree(fixture.getObjectAsBytes(b -> b.bucket(bucket)
          .key("runs/t1/merged/summary_lifecycle_metrics.json")).asUtf8String());
      assertEquals(2, summary.get("load_generators").size(), summary.toPrettyString());
      assertEquals(10, summary.get("load_generators").get(0).get("requests").asInt()
          + summary.get("load_generators").get(1).get("requests").asInt(), "20/s for 0.5 s, shared");
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
