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
    List<Path> folders = new ArrayList<>();
    List<Integer> covered = new ArrayList<>();
    for (JobRunner.PodOutcome pod : outcome.pods()) {
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

  private static String join(List<Integer> indexes) {
    return String.join(", ", indexes.stream().map(String::valueOf).toList());
  }
}
