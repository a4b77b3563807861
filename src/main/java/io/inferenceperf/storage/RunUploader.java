package io.inferenceperf.storage;

import io.inferenceperf.storage.StorageException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's storage step for one bucket: checks the bucket and the run's folder in it before the run, then uploads
 * each finished file under the run's keys ({@link ObjectKeys}), retrying failures that may pass with exponential
 * backoff. A file that still fails is remembered, not thrown: the run goes on, and the caller fails it at the end
 * and names the local copy. Thread-safe: stage snapshots upload from a background thread.
 */
public final class RunUploader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunUploader.class);

  /** How many objects of an earlier run are named in the refusal. */
  private static final int SHOWN_EXISTING = 3;

  /**
   * Retry policy.
   *
   * @param attempts tries per file, at least 1
   * @param firstBackoffNanos the wait after the first failure; doubled after each further one
   * @param maxBackoffNanos the longest wait
   */
  public record Policy(int attempts, long firstBackoffNanos, long maxBackoffNanos) {
    /** Five tries over about 7.5 s of waiting. */
    public static final Policy DEFAULT = new Policy(5, 500_000_000L, 8_000_000_000L);

    long backoffNanos(int failedAttempts) {
      long wait = firstBackoffNanos;
      for (int i = 1; i < failedAttempts && wait < maxBackoffNanos; i++) wait *= 2;
      return Math.min(wait, maxBackoffNanos);
    }
  }

  /** An upload that failed for good. */
  public record Failure(Path local, String url, String message) {}

  private final ObjectStore store;
  private final String path;
  private final String prefix;
  private final Policy policy;
  private final List<Failure> failures = new ArrayList<>();
  private final List<String> uploaded = new ArrayList<>();

  /**
   * @param path the run's folder in the bucket ({@code {timestamp}} already expanded), or null
   * @param prefix the report file prefix, or null
   */
  public RunUploader(ObjectStore store, String path, String prefix, Policy policy) {
    this.store = store;
    this.path = path;
    this.prefix = prefix;
    this.policy = policy;
  }

  /** Where the run's objects go: {@code s3://bucket/reports-.../prefix}. */
  public String destination() {
    return store.describe() + "/" + ObjectKeys.base(path, prefix);
  }

  /** The URL of the object a local file named {@code fileName} becomes. */
  public String url(String fileName) {
    return store.describe() + "/" + ObjectKeys.key(path, prefix, fileName);
  }

  /**
   * Before the run: the bucket exists and may be read, the run's folder holds no earlier objects (unless
   * {@code overwrite}), and the bucket takes a write (the run's config file is uploaded now).
   */
  public void prepare(Path configFile, String fileName, boolean overwrite) throws StorageException {
    store.checkBucket();
    if (!overwrite) refuseEarlierObjects();
    uploadWithRetries(configFile, fileName);
  }

  private void refuseEarlierObjects() throws StorageException {
    String base = ObjectKeys.base(path, prefix);
    List<String> existing = store.list(base, SHOWN_EXISTING);
    if (!existing.isEmpty()) {
      throw new StorageException(Kind.ALREADY_EXISTS, destination() + " already holds objects of an earlier run ("
          + String.join(", ", existing) + (existing.size() == SHOWN_EXISTING ? ", ..." : "")
          + "): nothing is overwritten or skipped silently");
    }
  }

  /** Uploads {@code local} under its own file name; false (and a recorded failure) when it finally failed. */
  public boolean upload(Path local) {
    return upload(local, local.getFileName().toString());
  }

  /** Uploads {@code local} as the object of file name {@code fileName}; false when it finally failed. */
  public boolean upload(Path local, String fileName) {
    try {
      uploadWithRetries(local, fileName);
      return true;
    } catch (StorageException e) {
      synchronized (failures) {
        failures.add(new Failure(local, url(fileName), e.getMessage()));
      }
      LOG.error("{}", e.getMessage());
      return false;
    }
  }

  /** Uploads {@code local} as the object of file name {@code fileName}, retrying; throws the final failure. */
  public void uploadWithRetries(Path local, String fileName) throws StorageException {
    String key = ObjectKeys.key(path, prefix, fileName);
    for (int attempt = 1; ; attempt++) {
      try {
        store.upload(local, key);
        synchronized (uploaded) {
          if (!uploaded.contains(key)) uploaded.add(key);
        }
        LOG.debug("uploaded {}/{}", store.describe(), key);
        return;
      } catch (StorageException e) {
        if (!e.kind().retryable() || attempt >= policy.attempts()) throw e;
        long wait = policy.backoffNanos(attempt);
        LOG.warn("{}; try {} of {} in {} ms", e.getMessage(), attempt + 1, policy.attempts(), wait / 1_000_000);
        sleep(wait, e);
      }
    }
  }

  private static void sleep(long nanos, StorageException cause) throws StorageException {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  /** The uploads that failed for good, in order. */
  public List<Failure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** The keys written so far. */
  public List<String> uploadedKeys() {
    synchronized (uploaded) {
      return List.copyOf(uploaded);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
