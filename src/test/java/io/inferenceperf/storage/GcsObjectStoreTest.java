package io.inferenceperf.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import io.inferenceperf.storage.StorageException.Kind;
import java.io.ByteArrayInputStream;
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

/**
 * {@link GcsObjectStore} and {@link RunUploader} through Google's real Java client and google-auth-library, against
 * {@link GcsJsonApiStub} on 127.0.0.1: a small stub of the GCS JSON API stands in for fake-gcs-server, which cannot
 * be installed here.
 */
class GcsObjectStoreTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final RunUploader.Policy FAST = new RunUploader.Policy(4, 5_000_000L, 20_000_000L);

  private static GcsJsonApiStub stub;

  @BeforeAll
  static void start() throws Exception {
    stub = new GcsJsonApiStub();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  private static String newBucket() {
    String name = "gcs-bucket-" + BUCKETS.incrementAndGet();
    stub.createBucket(name);
    return name;
  }

  private static GcsObjectStore store(String bucket) throws StorageException {
    return store(bucket, NoCredentials.getInstance(), GcsSettings.DEFAULT_RESUMABLE_ABOVE_BYTES);
  }

  private static GcsObjectStore store(String bucket, Credentials credentials, long resumableAbove)
      throws StorageException {
    return GcsObjectStore.open(new GcsSettings(bucket, stub.endpoint(), resumableAbove), credentials);
  }

  @Test
  void uploadsListsFindsAndDownloads(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary.json"), "{\"a\": 1}");
    try (GcsObjectStore store = store(bucket)) {
      store.checkBucket();
      assertFalse(store.exists("run/summary.json"));
      store.upload(file, "run/summary.json");
      assertTrue(store.exists("run/summary.json"));
      assertEquals(List.of("run/summary.json"), store.list("run/", 10));
      assertEquals(List.of(), store.list("other/", 10));
      Path back = dir.resolve("back/summary.json");
      store.download("run/summary.json", back);
      assertEquals("{\"a\": 1}", Files.readString(back));
      assertEquals("gs://" + bucket, store.describe());
    }
    assertEquals("{\"a\": 1}", new String(stub.object(bucket, "run/summary.json"), StandardCharsets.UTF_8));
    assertEquals("application/json", stub.contentType(bucket, "run/summary.json"));
    assertEquals(1, stub.seen().stream().filter(s -> s.path().equals("/upload/storage/v1/b/" + bucket + "/o")
        && s.query().contains("uploadType=multipart")).count(), stub.seen()::toString);
  }

  @Test
  void aFileAboveTheLimitGoesUpAsAResumableUploadInChunks(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    byte[] bytes = new byte[(1 << 20) + 123];
    new Random(11).nextBytes(bytes);
    Path file = Files.write(dir.resolve("results.jsonl.gz"), bytes);
    int before = stub.seen().size();
    try (GcsObjectStore store = store(bucket, NoCredentials.getInstance(), 256 << 10)) {
      store.upload(file, "big/results.jsonl.gz");
    }
    List<GcsJsonApiStub.Seen> seen = stub.seen().subList(before, stub.seen().size());
    assertEquals(1, GcsJsonApiStub.count(seen, "POST", "uploadType=resumable"), seen.toString());
    assertTrue(GcsJsonApiStub.count(seen, "PUT", "/resumable/") >= 1, seen.toString());
    assertArrayEquals(bytes, stub.object(bucket, "big/results.jsonl.gz"));
    assertEquals("application/gzip", stub.contentType(bucket, "big/results.jsonl.gz"));
  }

  @Test
  void aMissingBucketIsNamedAsSuch() throws Exception {
    try (GcsObjectStore store = store("no-such-gcs-bucket")) {
      StorageException e = assertThrows(StorageException.class, store::checkBucket);
      assertEquals(Kind.NO_BUCKET, e.kind());
      assertTrue(e.getMessage().contains("gs://no-such-gcs-bucket"), e.getMessage());
    }
  }

  @Test
  void aMissingObjectIsNotAMissingBucket(@TempDir Path dir) throws Exception {
    try (GcsObjectStore store = store(newBucket())) {
      StorageException e = assertThrows(StorageException.class, () -> store.download("nope.json",
          dir.resolve("nope.json")));
      assertEquals(Kind.OTHER, e.kind());
      assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("404"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("nope.json.download")));
    }
  }

  @Test
  void userCredentialsAreRefreshedByTheAuthLibraryOnceAndSentAsBearerTokens(@TempDir Path dir) throws Exception {
    try (GcsJsonApiStub strict = new GcsJsonApiStub()) {
      strict.createBucket("private");
      strict.requireToken();
      GoogleCredentials credentials = GoogleCredentials.fromStream(
          new ByteArrayInputStream(strict.userCredentialsJson().getBytes(StandardCharsets.UTF_8)));
      Path file = Files.writeString(dir.resolve("x.json"), "{}");
      try (GcsObjectStore store = GcsObjectStore.open(new GcsSettings("private", strict.endpoint(), 8 << 20),
          credentials)) {
        store.checkBucket();
        store.upload(file, "x.json");
        assertTrue(store.exists("x.json"));
      }
      assertEquals(1, strict.tokenGrants());
      assertTrue(strict.seen().stream().filter(s -> !s.path().equals("/token"))
          .allMatch(s -> ("Bearer " + GcsJsonApiStub.ACCESS_TOKEN).equals(s.authorization())), strict.seen()::toString);
    }
  }

  @Test
  void noOrRevokedCredentialsAreAccessDeniedAndNoSecretIsPrinted(@TempDir Path dir) throws Exception {
    try (GcsJsonApiStub strict = new GcsJsonApiStub()) {
      strict.createBucket("private");
      strict.requireToken();
      Path file = Files.writeString(dir.resolve("x.json"), "{}");
      try (GcsObjectStore anonymous = GcsObjectStore.open(new GcsSettings("private", strict.endpoint(), 8 << 20),
          NoCredentials.getInstance())) {
        StorageException e = assertThrows(StorageException.class, anonymous::checkBucket);
        assertEquals(Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertEquals(Kind.ACCESS_DENIED, assertThrows(StorageException.class, () -> anonymous.upload(file, "x.json"))
            .kind());
      }
      String revoked = strict.userCredentialsJson().replace(GcsJsonApiStub.REFRESH_TOKEN, "revoked-refresh-token");
      GoogleCredentials credentials = GoogleCredentials.fromStream(
          new ByteArrayInputStream(revoked.getBytes(StandardCharsets.UTF_8)));
      try (GcsObjectStore store = GcsObjectStore.open(new GcsSettings("private", strict.endpoint(), 8 << 20),
          credentials)) {
        StorageException e = assertThrows(StorageException.class, store::checkBucket);
        assertEquals(Kind.ACCESS_DENIED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        for (String secret : List.of("revoked-refresh-token", GcsJsonApiStub.CLIENT_SECRET)) {
          assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
      }
      assertTrue(strict.names("private").isEmpty());
    }
  }

  @Test
  void uploadsAreRetriedWithBackoffUntilTheServerRecovers(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary_lifecycle_metrics.json"), "{\"ok\": true}");
    int before = stub.seen().size();
    try (RunUploader uploader = new RunUploader(store(bucket), "reports-1", null, FAST)) {
      stub.failUploads(2);
      assertTrue(uploader.upload(file));
      assertTrue(uploader.failures().isEmpty());
    }
    assertEquals(3, GcsJsonApiStub.count(stub.seen().subList(before, stub.seen().size()), "POST", "/upload/"));
    assertEquals("{\"ok\": true}", new String(stub.object(bucket, "reports-1/summary_lifecycle_metrics.json"),
        StandardCharsets.UTF_8));
  }

  @Test
  void aServerThatKeepsFailingLeavesARecordedFailure(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path file = Files.writeString(dir.resolve("summary_lifecycle_metrics.json"), "{}");
    try (RunUploader uploader = new RunUploader(store(bucket), "reports-2", "p_", FAST)) {
      stub.failUploads(Integer.MAX_VALUE);
      try {
        assertFalse(uploader.upload(file));
      } finally {
        stub.failUploads(0);
      }
      RunUploader.Failure failure = uploader.failures().getFirst();
      assertEquals(file, failure.local());
      assertEquals("gs://" + bucket + "/reports-2/p_summary_lifecycle_metrics.json", failure.url());
      assertTrue(failure.message().contains("503"), failure.message());
    }
    assertTrue(stub.names(bucket).isEmpty());
  }

  @Test
  void prepareRefusesAFolderHoldingAnEarlierRunUnlessOverwriteIsSet(@TempDir Path dir) throws Exception {
    String bucket = newBucket();
    Path config = Files.writeString(dir.resolve("config.yaml"), "load: {}\n");
    try (RunUploader first = new RunUploader(store(bucket), "same", null, FAST)) {
      first.prepare(config, "config.yaml", false);
      assertEquals(List.of("same/config.yaml"), first.uploadedKeys());
    }
    try (RunUploader second = new RunUploader(store(bucket), "same", null, FAST)) {
      StorageException e = assertThrows(StorageException.class, () -> second.prepare(config, "config.yaml", false));
      assertEquals(Kind.ALREADY_EXISTS, e.kind());
      assertTrue(e.getMessage().contains("gs://" + bucket + "/same/"), e.getMessage());
      second.prepare(config, "config.yaml", true);
    }
    assertEquals("text/yaml", stub.contentType(bucket, "same/config.yaml"));
  }
}
