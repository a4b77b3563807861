package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.schedule.ReplicaSlice;
import io.inferenceperf.config.StorageConfig.SimpleStorageService;
import io.inferenceperf.storage.ObjectStore;
import io.inferenceperf.storage.RunUploader;
import io.inferenceperf.storage.S3ObjectStore;
import io.inferenceperf.storage.S3Settings;
import io.inferenceperf.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's object storage (storage.simple_storage_service): before any request the bucket is checked and the
 * config uploaded; after each stage a snapshot of the results file goes up in the background (a pod that dies
 * later still leaves every finished stage in the bucket); at the end every report, the results file and the
 * per-request file. The local folder always has every file first. An upload that fails for good makes the run's
 * exit code 1 and the message names the local copy. Without a bucket configured every method does nothing.
 */
final class StorageStep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageStep.class);

  /** Overrides the first retry wait (tests; a very slow or flaky endpoint). */
  static final String BACKOFF_PROPERTY = "inferenceperf.uploadBackoffMillis";

  private static final long FINAL_WAIT_MINUTES = 30;

  private final RunUploader uploader;
  private final Path folder;
  private final String localPrefix;
  private final ExecutorService background;
  private final AtomicBoolean snapshotQueued = new AtomicBoolean();

  private StorageStep(RunUploader uploader, Path folder, String localPrefix) {
    this.uploader = uploader;
    this.folder = folder;
    this.localPrefix = localPrefix == null ? "" : localPrefix;
    this.background = uploader == null ? null : Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "storage-upload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** No object storage: nothing is uploaded. */
  static StorageStep none() {
    return new StorageStep(null, null, null);
  }

  /**
   * Opens the configured bucket and checks it before the run: it exists, these credentials may write to it, and
   * the run's folder holds no earlier objects (unless overwrite); the config file goes up as the write test.
   */
  static StorageStep open(Config config, Path folder, Path configFile, ReplicaSlice replica) throws UserError {
    SimpleStorageService s3 = config.storage().simpleStorageService();
    if (s3 == null) return none();
    RunUploader uploader;
    try {
      ObjectStore store = S3ObjectStore.open(settings(s3));
      // each load generator of a distributed run writes under its own folder, as on the local disk
      String path = replica.whole() ? s3.path() : s3.path() + "/" + DistributedRun.folderName(replica);
      uploader = new RunUploader(store, path, s3.reportFilePrefix(), policy());
    } catch (StorageException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, "storage.simple_storage_service: " + e.getMessage());
    }
    LOG.info("results go to {} and to the local folder {}", uploader.destination(), folder.toAbsolutePath());
    try {
      uploader.prepare(configFile, bareName(configFile, config.storage().localStorage().reportFilePrefix()),
          s3.overwrite());
    } catch (StorageException e) {
      uploader.close();
      throw new UserError(e.kind().retryable() ? ExitCode.RUN_FAILED : ExitCode.CONFIG_ERROR,
          "storage.simple_storage_service: " + e.getMessage() + "\n" + fix(e.kind()));
    }
    return new StorageStep(uploader, folder, config.storage().localStorage().reportFilePrefix());
  }

  private static S3Settings settings(SimpleStorageService s3) {
    return new S3Settings(s3.bucketName(), s3.endpointUrl(), s3.regionName(),
        S3Settings.Addressing.valueOf(s3.addressingStyle().toUpperCase(Locale.ROOT)),
        S3Settings.DEFAULT_PART_SIZE_BYTES);
  }

  private static RunUploader.Policy policy() {
    RunUploader.Policy dflt = RunUploader.Policy.DEFAULT;
    String millis = System.getProperty(BACKOFF_PROPERTY);
    if (millis == null) return dflt;
    return new RunUploader.Policy(dflt.attempts(), Long.parseLong(millis) * 1_000_000L, dflt.maxBackoffNanos());
  }

  private static String fix(io.inferenceperf.storage.StorageException.Kind kind) {
    return switch (kind) {
      case NO_BUCKET -> "Fix: set storage.simple_storage_service.bucket_name to an existing bucket (and"
          + " region_name/endpoint_url to where it is). Nothing was sent to the server.";
      case ACCESS_DENIED -> "Fix: give the run credentials that may write to the bucket (AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or IRSA's service account on EKS). Nothing was sent to the server.";
      case ALREADY_EXISTS -> "Fix: keep {timestamp} in storage.simple_storage_service.path, choose another path or"
          + " report_file_prefix, or set storage.simple_storage_service.overwrite: true.";
      case TRANSIENT -> "The bucket's endpoint did not answer after retries; check endpoint_url and the network."
          + " Nothing was sent to the server.";
      case OTHER -> "Check storage.simple_storage_service. Nothing was sent to the server.";
    };
  }

  boolean enabled() {
    return uploader != null;
  }

  /**
   * After a stage: a copy of the results file as it is now goes up in the background (one at a time; a stage
   * that ends while one is still queued adds nothing, the queued one copies the newer file).
   */
  void stageEnded(Path resultsFile) {
    if (uploader == null || !snapshotQueued.compareAndSet(false, true)) return;
    background.execute(() -> {
      snapshotQueued.set(false);
      Path snapshot = resultsFile.resolveSibling(resultsFile.getFileName() + ".snapshot");
      try {
        Files.copy(resultsFile, snapshot, StandardCopyOption.REPLACE_EXISTING);
        uploader.uploadWithRetries(snapshot, bareName(resultsFile, localPrefix));
      } catch (IOException | StorageException e) {
        LOG.warn("the results so far could not be uploaded ({}); the run goes on, the end uploads them again",
            e.getMessage());
      } finally {
        try {
          Files.deleteIfExists(snapshot);
        } catch (IOException ignored) {
          // a leftover snapshot in the report folder is harmless
        }
      }
    });
  }

  /** Where the run's objects go (s3://bucket/PATH/prefix), or null without object storage. */
  String destination() {
    return uploader == null ? null : uploader.destination();
  }

  /** At the end: waits for any background upload, then uploads {@code files}; returns whether all went up. */
  boolean uploadAll(List<Path> files) {
    if (uploader == null) return true;
    background.shutdown();
    try {
      background.awaitTermination(FINAL_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Path file : files) {
      if (Files.exists(file)) uploader.upload(file, bareName(file, localPrefix));
    }
    return uploader.failures().isEmpty();
  }

  /**
   * The file's name without local_storage's report_file_prefix: each backend puts its own prefix in front, as in
   * inference-perf.
   */
  private static String bareName(Path file, String localPrefix) {
    String name = file.getFileName().toString();
    return localPrefix != null && name.startsWith(localPrefix) ? name.substring(localPrefix.length()) : name;
  }

  /** Prints what failed and where the local copy is; returns the exit code to use. */
  ExitCode finish(ExitCode code, PrintStream err) {
    if (uploader == null) return code;
    List<RunUploader.Failure> failures = uploader.failures();
    if (failures.isEmpty()) {
      LOG.info("uploaded {} files to {}", uploader.uploadedKeys().size(), uploader.destination());
      return code;
    }
    for (RunUploader.Failure failure : failures) err.println("upload failed: " + failure.message());
    err.println(failures.size() + " of the run's files could not be uploaded to " + uploader.destination()
        + "; every file is in the local folder " + folder.toAbsolutePath());
    return code == ExitCode.OK ? ExitCode.RUN_FAILED : code;
  }

  @Override
  public void close() {
    if (uploader == null) return;
    background.shutdownNow();
    uploader.close();
  }
}
