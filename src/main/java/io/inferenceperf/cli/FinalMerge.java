package io.inferenceperf.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.inferenceperf.config.StorageConfig.SimpleStorageService;
import io.inferenceperf.kubernetes.JobManifests;
import io.inferenceperf.kubernetes.KubernetesProblem;
import io.inferenceperf.kubernetes.StartBarrier;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.schedule.ReplicaSlice;
import io.inferenceperf.storage.BucketResults.Location;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a distributed run whose pods met at the Kubernetes start barrier and uploaded to a bucket: the last pod to
 * finish merges every replica's results from the bucket (their folders, wherever each pod's {timestamp} put them)
 * and uploads the merged report next to them, as PATH/merged. A failure here is reported and leaves the run's own
 * exit status alone: what this pod measured is uploaded already, and the merge can be redone with
 * {@code inference-perf report s3://...}.
 */
final class FinalMerge {
  private static final Logger LOG = LoggerFactory.getLogger(FinalMerge.class);
  static final String MERGED_FOLDER = "merged";

  private FinalMerge() {}

  static void afterRun(ResolvedRun run, Path resultsFile, PrintStream out, PrintStream err) {
    afterRun(run.plan().replica(), run.config().storage().simpleStorageService(), run.storage().destination(),
        resultsFile, run.folder(), System.getenv(), StartStep::client, out, err);
  }

  static void afterRun(ReplicaSlice replica, SimpleStorageService s3, String destination, Path resultsFile,
      Path folder, Map<String, String> env, Supplier<KubernetesClient> clients, PrintStream out, PrintStream err) {
    if (replica.whole() || s3 == null || destination == null || resultsFile == null) return;
    if (!agreedThroughTheBarrier(resultsFile)) return;
    StartBarrier.Participant me = new StartBarrier.Participant(env.get(JobManifests.POD_NAMESPACE_ENV),
        env.get(JobManifests.POD_NAME_ENV), replica.index(), replica.replicas(), env.get(StartStep.JOB_NAME_ENV));
    Map<Integer, String> done;
    try (KubernetesClient client = clients.get()) {
      done = new StartBarrier(client, me, null, Clock.systemUTC()).finish(destination);
    } catch (KubernetesProblem e) {
      err.println(e.getMessage());
      return;
    }
    if (done.isEmpty()) {
      LOG.info("replica {} done; another pod merges the replicas' results (the last to finish)", replica.index());
      return;
    }
    merge(done, replica.replicas(), s3, destination, folder.toAbsolutePath().getParent().resolve(MERGED_FOLDER),
        out, err);
  }

  /** Merges the results under {@code done}'s URLs into {@code local}, then uploads it as PATH/merged. */
  static void merge(Map<Integer, String> done, int replicas, SimpleStorageService s3, String destination, Path local,
      PrintStream out, PrintStream err) {
    List<Location> locations = new ArrayList<>();
    for (String url : done.values()) locations.add(Location.parse(url));
    BucketInputs.Options options = BucketInputs.Options.of(s3);
    options.uploadTo = mergedUrl(destination);
    out.println("The last of the " + replicas + " load generators to finish: merging the results of "
        + done.size() + " into " + options.uploadTo);
    try (BucketInputs inputs = BucketInputs.fetch(locations, options, out)) {
      int code = new ReportCommand(out, err).mergeReplicas(inputs.files(), local);
      if (code != ExitCode.OK.code) return;
      BucketInputs.upload(local, options, out);
    } catch (UserError e) {
      err.println("the merge of the replicas failed: " + e.getMessage() + "; redo it with inference-perf report "
          + String.join(" ", done.values()));
    }
  }

  /** s3://bucket/PATH/replica-K/prefix -> s3://bucket/PATH/merged */
  static String mergedUrl(String destination) {
    int replicaFolder = destination.lastIndexOf("/replica-");
    String base = replicaFolder < 0 ? destination : destination.substring(0, replicaFolder);
    return (base.endsWith("/") ? base : base + "/") + MERGED_FOLDER;
  }

  private static boolean agreedThroughTheBarrier(Path resultsFile) {
    try {
      StartAgreement start = ResultsReader.header(resultsFile).start();
      return start != null && StartAgreement.KUBERNETES_BARRIER.equals(start.agreedBy());
    } catch (ResultsReader.ResultsException e) {
      return false;
    }
  }
}
