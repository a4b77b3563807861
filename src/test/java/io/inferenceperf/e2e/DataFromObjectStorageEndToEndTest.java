package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.storage.FaultProxy;
import io.inferenceperf.storage.S3MockProcess;
import io.inferenceperf.storage.S3Testing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** data.path as s3://: downloaded once (from S3Mock on 127.0.0.1, through a recording proxy), then cached. */
class DataFromObjectStorageEndToEndTest {
  private static final Path SHAREGPT = Path.of("src/test/resources/datasets/sharegpt.json");

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
    System.clearProperty("inferenceperf.dataCache");
    fixture.close();
  }

  private static String config(String dataPath, String endpoint, String bucket) {
    return """
        api: {type: completion, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
        data: {type: shareGPT, path: "%s"}
        load: {type: constant, stages: [{rate: 20, duration: 0.5}]}
        storage:
          simple_storage_service: {bucket_name: %s, endpoint_url: "%s", path: "{timestamp}"}
        """.formatted(dataPath, bucket, endpoint);
  }

  @Test
  void anS3DatasetIsDownloadedOnceAndThenReadFromTheCache(@TempDir Path dir) throws Exception {
    System.setProperty("inferenceperf.dataCache", dir.resolve("cache").toString());
    String bucket = "datasets-" + System.nanoTime() % 100_000;
    fixture.createBucket(b -> b.bucket(bucket));
    fixture.putObject(b -> b.bucket(bucket).key("chats/sharegpt.json"), RequestBody.fromFile(SHAREGPT));
    try (FaultProxy proxy = new FaultProxy(mock.endpoint())) {
      String yaml = config("s3://" + bucket + "/chats/sharegpt.json", proxy.endpoint(), bucket);
      CliRunner.Result first = CliRunner.run(dir.resolve("one"), yaml);
      assertEquals(0, first.exitCode(), first.err());
      assertEquals(10, first.json("summary_lifecycle_metrics.json").at("/load_summary/count").asInt());
      Path cached = dir.resolve("cache/s3/" + bucket + "/chats/sharegpt.json");
      assertEquals(Files.readString(SHAREGPT), Files.readString(cached));
      long gets = gets(proxy);
      assertEquals(1, gets, proxy.seen().toString());

      Thread.sleep(1100); // the next run's {timestamp} folder must differ from this one's
      CliRunner.Result second = CliRunner.run(dir.resolve("two"), yaml);
      assertEquals(0, second.exitCode(), second.err());
      assertEquals(gets, gets(proxy), "the second run reads the cached copy");
    }
  }

  @Test
  void aMissingDatasetObjectIsAConfigurationError(@TempDir Path dir) throws Exception {
    System.setProperty("inferenceperf.dataCache", dir.resolve("cache").toString());
    String bucket = "datasets-missing-" + System.nanoTime() % 100_000;
    fixture.createBucket(b -> b.bucket(bucket));
    CliRunner.Result run = CliRunner.run(dir, config("s3://" + bucket + "/nope.json", mock.endpoint(), bucket));
    assertTrue(run.exitCode() != 0, run.err());
    assertTrue(run.err().contains("data.path") && run.err().contains("nope.json"), run.err());
  }

  private static long gets(FaultProxy proxy) {
    return proxy.seen().stream().filter(s -> s.method().equals("GET") && s.path().endsWith("sharegpt.json")).count();
  }
}
