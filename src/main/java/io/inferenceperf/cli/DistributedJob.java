package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.kubernetes.JobRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code k8s job --replicas N}: the checks before the Indexed Job is made, its common start, and after {@code --apply}
 * the merge of the replicas' report folders into one report, saying which replica failed or is missing.
 */
final class DistributedJob {
  /** A --start-lead to suggest: pod scheduling, image pull, JVM start, tokenizer and warm-up on a cold node pool. */
  static final long DEFAULT_START_LEAD_SECONDS = 90;
  static final String MERGED_FOLDER = "merged";

  private final PrintStream out;
  private final PrintStream err;

  DistributedJob(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The common start: now on this machine's wall clock plus the lead, in whole seconds. */
  static Instant startAt(long leadSeconds) {
    return Instant.now().plusSeconds(leadSeconds).truncatedTo(ChronoUnit.SECONDS);
  }

  /** What every pod would refuse at its start, refused here before anything is created. */
  static void check(Config config, Path configFile, int replicas) throws UserError {
    if (config.load().distributed().index() != null) {
      throw UserError.config("load.distributed.index is set in the config, so every pod of the Indexed Job would"
          + " send the same share; remove it (each pod takes its JOB_COMPLETION_INDEX)", 1);
    }
    LoadResult asPod = ConfigLoader.load(configFile, List.of("--load.distributed.replicas",
        Integer.toString(replicas), "--load.distributed.index", "0"), Clock.systemDefaultZone());
    if (!asPod.ok()) throw UserError.config(asPod.formatProblems().strip(), asPod.problems().size());
    DistributedRun.replica(asPod.config(), Map.of());
  }

  /**
   * Says how each replica ended, then merges the report folders that came back into {@code output/merged} with the
   * code of {@code inference-perf report}. Returns the first failed pod's status, else the merge's.
   */
  int merge(JobRunner.Outcome outcome, int replicas, Path output) {
    return merge(outcome, replicas, output, null);
  }

  /**
   * As {@link #merge(JobRunner.Outcome, int, Path)}; a replica whose log brought no results (a rotated or cut log)
   * but that uploaded them is fetched from the bucket into {@code output/replica-INDEX}, reached with {@code bucket}
   * (null: the config has no object storage).
   */
  int merge(JobRunner.Outcome outcome, int replicas, Path output, BucketInputs.Options bucket) {
    List<Path> folders = new ArrayList<>();
    List<Integer> covered = new ArrayList<>();
    for (JobRunner.PodOutcome pod : outcome.pods()) {
      List<Path> fromBucket = pod.resultFolders().isEmpty() && bucket != null
          ? fetchFromBucket(outcome.uploadedResults().get(pod.index()), bucket, output.resolve("replica-"
              + pod.index())) : List.of();
      if (!fromBucket.isEmpty()) {
        covered.add(pod.index());
        folders.addAll(fromBucket);
        continue;
      }
      if (!pod.resultFolders().isEmpty()) {
        covered.add(pod.index());
        folders.addAll(pod.resultFolders());
      }
      if (pod.exitCode() != 0) {
        err.println("k8s job: replica " + pod.index() + " (pod " + pod.podName() + ") failed with status "
            + pod.exitCode() + (pod.resultFolders().isEmpty()
                ? " and returned no results: the merged report lacks its share of the schedule"
                : "; what it measured is merged, marked as such in load_generators"));
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int index = 0; index < replicas; index++) if (!covered.contains(index)) missing.add(index);
    if (folders.isEmpty()) {
      err.println("k8s job: no replica returned results; nothing to merge");
      return outcome.exitCode() != 0 ? outcome.exitCode() : ExitCode.RUN_FAILED.code;
    }
    Path merged = output.resolve(MERGED_FOLDER);
    int mergeCode = new ReportCommand(out, err).mergeReplicas(folders, merged);
    out.println("k8s job: merged report of " + covered.size() + " of " + replicas + " replicas in "
        + merged.toAbsolutePath() + (missing.isEmpty() ? "" : "; missing: replica " + join(missing)));
    return outcome.exitCode() != 0 ? outcome.exitCode() : mergeCode;
  }

  /** The results file under {@code url} into {@code folder}; empty (said why) when there is none or it failed. */
  private List<Path> fetchFromBucket(String url, BucketInputs.Options bucket, Path folder) {
    if (url == null) return List.of();
    io.inferenceperf.storage.BucketResults.Location location = io.inferenceperf.storage.BucketResults.Location
        .parse(url);
    if (location == null) return List.of();
    try (io.inferenceperf.storage.ObjectStore store = io.inferenceperf.storage.S3ObjectStore.open(
        bucket.settings(location.bucket()))) {
      List<String> keys = io.inferenceperf.storage.BucketResults.resultsKeys(store, location.prefix(),
          io.inferenceperf.results.ResultsFormat.FILE_NAME);
      if (keys.isEmpty()) {
        err.println("k8s job: " + url + " holds no results file either");
        return List.of();
      }
      store.download(keys.get(keys.size() - 1), folder.resolve(io.inferenceperf.results.ResultsFormat.FILE_NAME));
      out.println("k8s job: its log held no results, so they were fetched from " + url + " into "
          + folder.toAbsolutePath());
      return List.of(folder);
    } catch (io.inferenceperf.storage.StorageException e) {
      err.println("k8s job: could not fetch the results from " + url + ": " + e.getMessage());
      return List.of();
    }
  }

  private static String join(List<Integer> indexes) {
    return String.join(", ", indexes.stream().map(String::valueOf).toList());
  }
}
