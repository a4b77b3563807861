package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.schedule.ReplicaSlice;
import io.inferenceperf.storage.ObjectStore;
import io.inferenceperf.storage.RunUploader;
import io.inferenceperf.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's object storage (storage.simple_storage_service and storage.google_cloud_storage; every configured
 * bucket is written): before any request each bucket is checked and the config uploaded; after each stage a
 * snapshot of the results file goes up in the background (a pod that dies later still leaves every finished stage
 * in the bucket); at the end every report, the results file and the per-request file. The local folder always has
 * every file first. An upload that fails for good makes the run's exit code 1 and the message names the local
 * copy. Without a bucket configured every method does nothing.
 */
final class StorageStep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageStep.class);

  /** Overrides the first retry wait (tests; a very slow or flaky endpoint). */
  static final String BACKOFF_PROPERTY = "inferenceperf.uploadBackoffMillis";

  private static final long FINAL_WAIT_MINUTES = 30;

  private final List<RunUploader> uploaders;
  private final Path folder;
  private final String localPrefix;
  private final ExecutorService background;
  private final AtomicBoolean snapshotQueued = new AtomicBoolean();

  private StorageStep(List<RunUploader> uploaders, Path folder, String localPrefix) {
    this.uploaders = List.copyOf(uploaders);
    this.folder = folder;
    this.localPrefix = localPrefix == null ? "" : localPrefix;
    this.background = uploaders.isEmpty() ? null : Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "storage-upload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** No object storage: nothing is uploaded. */
  static StorageStep none() {
    return new StorageStep(List.of(), null, null);
  }

  /**
   * Opens the configured buckets and checks each before the run: it exists, these credentials may write to it,
   * and the run's folder holds no earlier objects (unless overwrite); the config file goes up as the write test.
   */
  static StorageStep open(Config config, Path folder, Path configFile, ReplicaSlice replica) throws UserError {
    List<RunUploader> uploaders = new ArrayList<>();
    try {
      for (BucketTarget target : BucketTarget.configured(config)) {
        uploaders.add(prepare(target, config, folder, configFile, replica));
      }
    } catch (UserError e) {
      uploaders.forEach(RunUploader::close);
      throw e;
    }
    if (uploaders.isEmpty()) return none();
    return new StorageStep(uploaders, folder, config.storage().localStorage().reportFilePrefix());
  }

  private static RunUploader prepare(BucketTarget target, Config config, Path folder, Path configFile,
      ReplicaSlice replica) throws UserError {
    RunUploader uploader;
    try {
      ObjectStore store = target.open();
      // each load generator of a distributed run writes under its own folder, as on the local disk
      String path = replica.whole() ? target.path() : target.path() + "/" + DistributedRun.folderName(replica);
      uploader = new RunUploader(store, path, target.reportFilePrefix(), policy());
    } catch (StorageException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, target.section() + ": " + e.getMessage() + "\n"
          + target.fix(e.kind()));
    }
    LOG.info("results go to {} and to the local folder {}", uploader.destination(), folder.toAbsolutePath());
    try {
      uploader.prepare(configFile, bareName(configFile, config.storage().localStorage().reportFilePrefix()),
          target.overwrite());
    } catch (StorageException e) {
      uploader.close();
      throw new UserError(e.kind().retryable() ? ExitCode.RUN_FAILED : ExitCode.CONFIG_ERROR,
          target.section() + ": " + e.getMessage() + "\n" + target.fix(e.kind()));
    }
    return uploader;
  }

  private static RunUploader.Policy policy() {
    RunUploader.Policy dflt = RunUploader.Policy.DEFAULT;
    String millis = System.getProperty(BACKOFF_PROPERTY);
    if (millis == null) return dflt;
    return new RunUploader.Policy(dflt.attempts(), Long.parseLong(millis) * 1_000_000L, dflt.maxBackoffNanos());
  }

  boolean enabled() {
    return !uploaders.isEmpty();
  }

  /**
   * After a stage: a copy of the results file as it is now goes up in the background (one at a time; a stage
   * that ends while one is still queued adds nothing, the queued one copies the newer file).
   */
  void stageEnded(Path resultsFile) {
    if (uploaders.isEmpty() || !snapshotQueued.compareAndSet(false, true)) return;
    background.execute(() -> {
      snapshotQueued.set(false);
      Path snapshot = resultsFile.resolveSibling(resultsFile.getFileName() + ".snapshot");
      try {
        Files.copy(resultsFile, snapshot, StandardCopyOption.REPLACE_EXISTING);
        String name = bareName(resultsFile, localPrefix);
        for (RunUploader uploader : uploaders) uploadSnapshot(uploader, snapshot, name);
      } catch (IOException e) {
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

  private static void uploadSnapshot(RunUploader uploader, Path snapshot, String name) {
    try {
      uploader.uploadWithRetries(snapshot, name);
    } catch (StorageException e) {
      LOG.warn("the results so far could not be uploaded ({}); the run goes on, the end uploads them again",
          e.getMessage());
    }
  }

  /** Where the run's objects go in S3 (s3://bucket/PATH/prefix), or null without an S3 upload. */
  String destination() {
    return uploaders.stream().map(RunUploader::destination).filter(d -> d.startsWith("s3://")).findFirst()
        .orElse(null);
  }

  /** At the end: waits for any background upload, then uploads {@code files}; returns whether all went up. */
  boolean uploadAll(List<Path> files) {
    if (uploaders.isEmpty()) return true;
    background.shutdown();
    try {
      background.awaitTermination(FINAL_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean all = true;
    for (RunUploader uploader : uploaders) {
      for (Path file : files) {
        if (Files.exists(file)) uploader.upload(file, bareName(file, localPrefix));
      }
      all &= uploader.failures().isEmpty();
    }
    return all;
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
    boolean failed = false;
    for (RunUploader uploader : uploaders) {
      List<RunUploader.Failure> failures = uploader.failures();
      if (failures.isEmpty()) {
        LOG.info("uploaded {} files to {}", uploader.uploadedKeys().size(), uploader.destination());
        continue;
      }
      failed = true;
      for (RunUploader.Failure failure : failures) err.println("upload failed: " + failure.message());
      err.println(failures.size() + " of the run's files could not be uploaded to " + uploader.destination()
          + "; every file is in the local folder " + folder.toAbsolutePath());
    }
    return failed && code == ExitCode.OK ? ExitCode.RUN_FAILED : code;
  }

  @Override
  public void close() {
    if (uploaders.isEmpty()) return;
    background.shutdownNow();
    uploaders.forEach(RunUploader::close);
  }
}
