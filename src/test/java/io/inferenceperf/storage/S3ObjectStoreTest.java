package io.inferenceperf.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.storage.S3Settings.Addressing;
import io.inferenceperf.storage.StorageException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3ObjectStore} and {@link RunUploader} against a real S3-compatible server (S3Mock) on 127.0.0.1. */
class S3ObjectStoreTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final RunUploader.Policy FAST = new RunUploader.Policy(4, 5_000_000L, 20_000_000L);

  private static S3MockProcess mock;
  private static S3Client fixture;
  private static FaultProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    S3Testing.useTestCredentials();
    mock = S3MockProcess.shared();
    fixture = S3Testing.fixtureClient(mock);
    proxy = new FaultProxy(mock.endpoint());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    fixture.close();
  }

  private static String newBucket() {
    String name = "bucket-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    fixture.createBucket(b -> b.bucket(name));
    return name;
  }

  private static S3ObjectStore store(String bucket, String endpoint, Addressing addressing, long partSize)
      throws StorageException {
    return S3ObjectStore.open(new S3Settings(bucket, endpoint, "us-east-1", addressing, partSize));
  }

  private static String read(String bucket, String key) {
    return fixture.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }

  @Test
  void pathStyleUploadsListsFindsAndDownloadsThroughACustomEndpoint(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary.json"), "{\"a\": 1}");
    try (S3ObjectStore store = store(bucket, mock.endpoint(), Addressing.PATH, S3Settings.DEFAULT_PART_SIZE_BYTES)) {
      store.checkBucket();
      assertFalse(store.exists("run/summary.json"));
      store.upload(file, "run/summary.json");
      assertTrue(store.exists("run/summary.json"));
      assertEquals(List.of("run/summary.json"), store.list("run/", 10));
      Path back = dir.resolve("back/summary.json");
      store.download("run/summary.json", back);
      assertEquals("{\"a\": 1}", Files.readString(back));
    }
    assertEquals("{\"a\": 1}", read(bucket, "run/summary.json"));
    assertEquals("application/json",
        fixture.headObject(b -> b.bucket(bucket).key("run/summary.json")).contentType());
  }

  @Test
  void autoAddressingWithAnEndpointIsPathStyle(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("x.json"), "{}");
    int before = proxy.seen().size();
    try (S3ObjectStore store = store(bucket, proxy.endpoint(), Addressing.AUTO, S3Settings.DEFAULT_PART_SIZE_BYTES)) {
      store.upload(file, "auto/x.json");
    }
    FaultProxy.Seen put = proxy.seen().subList(before, proxy.seen().size()).getLast();
    assertEquals("/" + bucket + "/auto/x.json", put.path());
  }

  @Test
  void virtualHostAddressingPutsTheBucketInTheHostName(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("x.json"), "{\"virtual\": true}");
    int before = proxy.seen().size();
    try (S3ObjectStore store =
        store(bucket, proxy.virtualHostEndpoint(), Addressing.VIRTUAL, S3Settings.DEFAULT_PART_SIZE_BYTES)) {
      store.checkBucket();
      store.upload(file, "vh/x.json");
    }
    List<FaultProxy.Seen> seen = proxy.seen().subList(before, proxy.seen().size());
    FaultProxy.Seen put = seen.stream().filter(s -> s.method().equals("PUT")).findFirst().orElseThrow();
    assertEquals(bucket + TestHostResolver.DOMAIN + ":" + proxy.port(), put.host());
    assertEquals("/vh/x.json", put.path());
    assertEquals("{\"virtual\": true}", read(bucket, "vh/x.json"));
  }

  @Test
  void aMissingBucketIsNamedAsSuch() throws Exception {
    try (S3ObjectStore store = store("no-such-bucket-here", mock.endpoint(), Addressing.PATH, 8 << 20)) {
      StorageException e = assertThrows(StorageException.class, store::checkBucket);
      assertEquals(Kind.NO_BUCKET, e.kind());
      assertTrue(e.getMessage().contains("s3://no-such-bucket-here"), e.getMessage());
    }
  }

  @Test
  void wrongCredentialsAreAccessDeniedAndNeverPrinted(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("x.json"), "{}");
    try (FaultProxy strict = new FaultProxy(mock.endpoint());
        S3ObjectStore store = store(bucket, strict.endpoint(), Addressing.PATH, 8 << 20)) {
      strict.acceptOnly("AKIASOMEONEELSE");
      StorageException e = assertThrows(StorageException.class, () -> store.upload(file, "x.json"));
      assertEquals(Kind.ACCESS_DENIED, e.kind());
      assertTrue(e.getMessage().contains("InvalidAccessKeyId"), e.getMessage());
      assertFalse(e.getMessage().contains(S3Testing.SECRET_KEY), e.getMessage());
      assertEquals(Kind.ACCESS_DENIED, assertThrows(StorageException.class, store::checkBucket).kind());
    }
  }

  @Test
  void aFileAboveThePartSizeGoesUpInParts(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    byte[] bytes = new byte[(11 << 20) + 123];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("results.jsonl.gz"), bytes);
    int before = proxy.seen().size();
    try (S3ObjectStore store = store(bucket, proxy.endpoint(), Addressing.PATH, 5L << 20)) {
      store.upload(file, "big/results.jsonl.gz");
    }
    List<FaultProxy.Seen> seen = proxy.seen().subList(before, proxy.seen().size());
    assertEquals(3, seen.stream().filter(s -> s.query() != null && s.query().contains("partNumber=")).count(),
        seen.toString());
    assertTrue(seen.stream().anyMatch(s -> s.method().equals("POST") && "uploads".equals(s.query())), seen.toString());
    assertArrayEquals(bytes, fixture.getObjectAsBytes(b -> b.bucket(bucket).key("big/results.jsonl.gz")).asByteArray());
  }

  @Test
  void uploadsAreRetriedWithBackoffUntilTheServerRecovers(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary_lifecycle_metrics.json"), "{\"ok\": true}");
    try (FaultProxy flaky = new FaultProxy(mock.endpoint());
        RunUploader uploader = new RunUploader(store(bucket, flaky.endpoint(), Addressing.PATH, 8 << 20),
            "reports-1", null, FAST)) {
      flaky.failUploads(2);
      assertTrue(uploader.upload(file));
      assertEquals(3, flaky.seen().stream().filter(s -> s.method().equals("PUT")).count());
      assertTrue(uploader.failures().isEmpty());
    }
    assertEquals("{\"ok\": true}", read(bucket, "reports-1/summary_lifecycle_metrics.json"));
  }

  @Test
  void aServerThatKeepsFailingLeavesARecordedFailure(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary_lifecycle_metrics.json"), "{}");
    try (FaultProxy broken = new FaultProxy(mock.endpoint());
        RunUploader uploader = new RunUploader(store(bucket, broken.endpoint(), Addressing.PATH, 8 << 20),
            "reports-2", "p_", FAST)) {
      broken.failUploads(Integer.MAX_VALUE);
      assertFalse(uploader.upload(file));
      assertEquals(FAST.attempts(), broken.seen().stream().filter(s -> s.method().equals("PUT")).count());
      RunUploader.Failure failure = uploader.failures().getFirst();
      assertEquals(file, failure.local());
      assertEquals("s3://" + bucket + "/reports-2/p_summary_lifecycle_metrics.json", failure.url());
      assertTrue(failure.message().contains("503") && failure.message().contains("SlowDown"), failure.message());
    }
  }

  @Test
  void prepareRefusesAFolderHoldingAnEarlierRunUnlessOverwriteIsSet(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path config = Files.writeString(dir.resolve("config.yaml"), "load: {}\n");
    try (RunUploader first = new RunUploader(store(bucket, mock.endpoint(), Addressing.PATH, 8 << 20),
        "same", null, FAST)) {
      first.prepare(config, "config.yaml", false);
      assertEquals(List.of("same/config.yaml"), first.uploadedKeys());
    }
    try (RunUploader second = new RunUploader(store(bucket, mock.endpoint(), Addressing.PATH, 8 << 20),
        "same", null, FAST)) {
      StorageException e = assertThrows(StorageException.class, () -> second.prepare(config, "config.yaml", false));
      assertEquals(Kind.ALREADY_EXISTS, e.kind());
      assertTrue(e.getMessage().contains("same/config.yaml"), e.getMessage());
      second.prepare(config, "config.yaml", true);
    }
    // another prefix in the same folder is another run's set of files
    try (RunUploader other = new RunUploader(store(bucket, mock.endpoint(), Addressing.PATH, 8 << 20),
        "same", "run2_", FAST)) {
      other.prepare(config, "config.yaml", false);
      assertEquals(List.of("same/run2_config.yaml"), other.uploadedKeys());
    }
  }

  @Test
  void objectKeysAreInferencePerfs() {
    assertEquals("reports-20250101-120000/summary_lifecycle_metrics.json",
        ObjectKeys.key("reports-20250101-120000", null, "summary_lifecycle_metrics.json"));
    assertEquals("runs/a/exp1_stage_0_lifecycle_metrics.json",
        ObjectKeys.key("runs/a", "exp1_", "stage_0_lifecycle_metrics.json"));
    assertEquals("config.yaml", ObjectKeys.key("", null, "config.yaml"));
    assertEquals("config.yaml", ObjectKeys.key(null, null, "config.yaml"));
    assertEquals("x/config.yaml", ObjectKeys.key("//x", "", "config.yaml"));
    assertEquals("p_config.yaml", ObjectKeys.key(null, "p_", "config.yaml"));
  }
}
