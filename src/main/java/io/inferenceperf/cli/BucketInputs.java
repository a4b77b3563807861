package io.inferenceperf.cli;

import io.inferenceperf.results.ResultsFormat;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.storage.BucketResults;
import io.inferenceperf.storage.BucketResults.Location;
import io.inferenceperf.storage.ObjectStore;
import io.inferenceperf.storage.RunUploader;
import io.inferenceperf.storage.S3ObjectStore;
import io.inferenceperf.storage.S3Settings;
import io.inferenceperf.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code inference-perf report s3://bucket/PATH/ ...}: the results files under a prefix of keys, downloaded into a
 * temporary folder (deleted afterwards) for the merge, and the merged report uploaded with {@code --upload-to}. The
 * bucket is reached as the run reached it (credentials from the SDK's default chain; endpoint, region and
 * addressing from the options).
 */
final class BucketInputs implements AutoCloseable {
  /** The options of {@code report} that say how to reach the bucket. */
  static final class Options {
    String endpointUrl;
    String region;
    S3Settings.Addressing addressing = S3Settings.Addressing.AUTO;
    String uploadTo;

    /** The bucket of the config's storage.simple_storage_service, reached as the run reaches it. */
    static Options of(io.inferenceperf.config.StorageConfig.SimpleStorageService s3) {
      Options options = new Options();
      options.endpointUrl = s3.endpointUrl();
      options.region = s3.regionName();
      options.addressing = S3Settings.Addressing.valueOf(s3.addressingStyle().toUpperCase(Locale.ROOT));
      return options;
    }

    /** Takes {@code flag}'s value; false when the flag is not one of these. */
    boolean set(String flag, String value) throws UserError {
      switch (flag) {
        case "--endpoint-url", "--endpoint_url" -> endpointUrl = value;
        case "--region", "--region_name" -> region = value;
        case "--addressing-style", "--addressing_style" -> addressing = addressing(value);
        case "--upload-to" -> {
          if (Location.parse(value) == null) {
            throw new UserError(ExitCode.CONFIG_ERROR, "report: --upload-to '" + value + "' is not s3://bucket/PATH");
          }
          uploadTo = value;
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    private static S3Settings.Addressing addressing(String value) throws UserError {
      try {
        return S3Settings.Addressing.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError(ExitCode.CONFIG_ERROR, "report: --addressing-style '" + value + "' is not one of auto,"
            + " path, virtual");
      }
    }

    S3Settings settings(String bucket) {
      return new S3Settings(bucket, endpointUrl, region, addressing, S3Settings.DEFAULT_PART_SIZE_BYTES);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final Path folder;
  private final List<Path> files = new ArrayList<>();

  private BucketInputs(Options options, PrintStream out, Path folder) {
    this.options = options;
    this.out = out;
    this.folder = folder;
  }

  /** Downloads the results files under every location; refuses one with none, and two for the same replica. */
  static BucketInputs fetch(List<Location> locations, Options options, PrintStream out) throws UserError {
    BucketInputs inputs;
    try {
      inputs = new BucketInputs(options, out, Files.createTempDirectory("inference-perf-bucket"));
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "report: cannot make a temporary folder: " + e.getMessage());
    }
    try {
      for (int i = 0; i < locations.size(); i++) inputs.fetch(locations.get(i), inputs.folder.resolve("in-" + i));
      inputs.refuseDuplicateReplicas();
      return inputs;
    } catch (UserError e) {
      inputs.close();
      throw e;
    }
  }

  private void fetch(Location location, Path into) throws UserError {
    try (ObjectStore store = S3ObjectStore.open(options.settings(location.bucket()))) {
      List<String> keys = BucketResults.resultsKeys(store, location.prefix(), ResultsFormat.FILE_NAME);
      if (keys.isEmpty()) {
        throw new UserError(ExitCode.CONFIG_ERROR, "report: " + location + " holds no " + ResultsFormat.FILE_NAME
            + " (a run uploads it under storage.simple_storage_service.path, a load generator of a distributed run"
            + " under PATH/replica-INDEX); check the path");
      }
      out.println("Fetching " + keys.size() + " results " + (keys.size() == 1 ? "file" : "files") + " from "
          + location + ": " + String.join(", ", keys));
      files.addAll(BucketResults.download(store, keys, into));
    } catch (StorageException e) {
      throw new UserError(e.kind().retryable() ? ExitCode.RUN_FAILED : ExitCode.CONFIG_ERROR, "report: "
          + e.getMessage());
    }
  }

  /** Two runs under one prefix would be merged as one: said, with the fix. */
  private void refuseDuplicateReplicas() throws UserError {
    Map<Integer, Path> byIndex = new HashMap<>();
    for (Path file : files) {
      ResultsHeader header;
      try {
        header = ResultsReader.header(file);
      } catch (ResultsReader.ResultsException e) {
        throw new UserError(ExitCode.CONFIG_ERROR, "report: " + e.getMessage());
      }
      if (header.replicas() < 2) continue;
      Path earlier = byIndex.putIfAbsent(header.replicaIndex(), file);
      if (earlier != null) {
        throw new UserError(ExitCode.CONFIG_ERROR, "report: two results files of replica " + header.replicaIndex()
            + " (" + folder.relativize(earlier) + " and " + folder.relativize(file) + "): the prefix holds more than"
            + " one distributed run; name the run's own folder (s3://bucket/PATH/)");
      }
    }
  }

  List<Path> files() {
    return List.copyOf(files);
  }

  /** Uploads every file of {@code output} (its sub-folders too) under --upload-to; the count, or an error. */
  static void upload(Path output, Options options, PrintStream out) throws UserError {
    if (options.uploadTo == null) return;
    Location target = Location.parse(options.uploadTo);
    List<Path> local;
    try (Stream<Path> walk = Files.walk(output)) {
      local = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "report: cannot list " + output + ": " + e.getMessage());
    }
    try (RunUploader uploader = new RunUploader(S3ObjectStore.open(options.settings(target.bucket())),
        target.prefix(), null, RunUploader.Policy.DEFAULT)) {
      for (Path file : local) {
        uploader.uploadWithRetries(file, output.relativize(file).toString().replace('\\', '/'));
      }
      out.println("Uploaded " + local.size() + " files to " + uploader.destination());
    } catch (StorageException e) {
      throw new UserError(e.kind().retryable() ? ExitCode.RUN_FAILED : ExitCode.CONFIG_ERROR, "report: --upload-to: "
          + e.getMessage());
    }
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    } catch (IOException e) {
      // a temporary folder left behind; nothing measured depends on it
    }
  }
}
