package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start of a distributed run agreed through the Kubernetes API: every pod of the Indexed Job, once it is
 * prepared, writes {@code ready.INDEX} into one ConfigMap of the Job (made by whichever pod comes first, owned by the
 * Job so it goes away with it); when all N entries are there, the first pod to see it writes {@code start}, its own
 * clock plus the lead, with the ConfigMap's resourceVersion, so the API server accepts exactly one such write and
 * every other pod reads the instant written. Waiting is bounded by a timeout whose message names the pods that did
 * not come, and ends early when one of them failed. Meanwhile the API server's Date headers estimate this node's
 * clock offset, recorded with the results.
 */
public final class StartBarrier {
  public static final String READY_PREFIX = "ready.";
  public static final String START_KEY = "start";
  public static final String WRITER_KEY = "start.written-by";
  public static final String REPLICAS_KEY = "replicas";
  /** After the run: where a pod's results went (done.INDEX), and which pod merges them all (merge.by). */
  public static final String DONE_PREFIX = "done.";
  public static final String MERGER_KEY = "merge.by";
  /** The app.kubernetes.io/component label of the barrier's ConfigMap. */
  public static final String COMPONENT = "start-barrier";
  /** Exit status of a barrier that failed: the run could not be done (ExitCode.RUN_FAILED). */
  static final int FAILED = 1;
  private static final int PODS_CHECK_EVERY_POLLS = 5;
  private static final int CLOCK_SAMPLES = 30;
  private static final long CLOCK_SAMPLE_GAP_MILLIS = 97;

  /** This pod: where it runs, which share is its own, and the Job name from the environment if given. */
  public record Participant(String namespace, String podName, int index, int replicas, String jobNameOverride) {}

  /**
   * @param leadMillis from the moment all are ready to the agreed start (the time to prepare the first requests
   *     and for every pod to read the instant)
   * @param timeoutMillis the longest wait for the other pods
   * @param pollMillis between two reads of the ConfigMap
   * @param timeoutKey the config key of the timeout, named in the error
   */
  public record Settings(long leadMillis, long timeoutMillis, long pollMillis, String timeoutKey) {}

  /**
   * The instant every pod starts stage 0 at.
   *
   * @param wroteStart whether this pod was the one whose write of the start the API server accepted
   * @param waitedMillis from this pod's ready entry to the start being known
   * @param clockOffset the API server's clock minus this node's, or null when its answers had no Date header
   */
  public record Agreed(long startEpochMillis, boolean wroteStart, long waitedMillis, String configMapName,
      ClockOffsetEstimate.ClockOffset clockOffset) {}

  private final KubernetesClient client;
  private final Participant me;
  private final Settings settings;
  private final Clock clock;
  private final ApiServerClock serverClock;

  /** @param settings the waiting's timing; may be null for a barrier used only to {@link #finish} */
  public StartBarrier(KubernetesClient client, Participant me, Settings settings, Clock clock) {
    this.client = client;
    this.me = me;
    this.settings = settings;
    this.clock = clock;
    this.serverClock = new ApiServerClock(client, clock);
  }

  /** Marks this pod ready, then waits for the agreed start. */
  public Agreed await() throws KubernetesProblem, InterruptedException {
    long begunMillis = clock.millis();
    long deadlineMillis = begunMillis + settings.timeoutMillis();
    try {
      JobOfPod job = JobOfPod.find(client, me);
      String name = job.barrierConfigMapName();
      markReady(job, name, deadlineMillis);
      for (int poll = 0; ; poll++) {
        serverClock.sample();
        ConfigMap map = configMaps().withName(name).get();
        if (map == null) {
          markReady(job, name, deadlineMillis); // deleted meanwhile (by hand): put this pod's entry back
          continue;
        }
        Long start = startOf(map);
        if (start != null) return agreed(start, false, begunMillis, name);
        if (readyIndexes(map).size() >= me.replicas()) {
          Long written = writeStart(map);
          if (written != null) return agreed(written, true, begunMillis, name);
          continue; // another pod's write came first: read it
        }
        if (clock.millis() >= deadlineMillis) throw timeout(job, map);
        if (poll % PODS_CHECK_EVERY_POLLS == PODS_CHECK_EVERY_POLLS - 1) failIfAPodEnded(job, map);
        Thread.sleep(Math.max(1, Math.min(settings.pollMillis(), deadlineMillis - clock.millis())));
      }
    } catch (KubernetesClientException e) {
      throw new KubernetesProblem(FAILED, "load.distributed: the start barrier could not use the Kubernetes API ("
          + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + e.getMessage() + "). The pod's ServiceAccount"
          + " needs get/create/update on configmaps and get/list on pods in namespace " + me.namespace()
          + " (inference-perf k8s job, the Helm chart and deploy/kustomize grant them); or give"
          + " load.distributed.start_at to start at a fixed instant without the barrier");
    }
  }

  /**
   * After the run, the last pod to finish merges: this pod writes {@code done.INDEX} (where its results went), and
   * if every replica is then done, or ended without being done (a failed pod), it claims the merge by writing
   * {@code merge.by} under the resourceVersion it read, which only one pod's write can pass.
   *
   * @param resultsUrl where this pod's results went (s3://bucket/PATH/replica-INDEX/)
   * @return the results URLs by index when this pod is to merge them; empty when others are still running or
   *     another pod merges
   */
  public Map<Integer, String> finish(String resultsUrl) throws KubernetesProblem {
    try {
      JobOfPod job = JobOfPod.find(client, me);
      String name = job.barrierConfigMapName();
      while (true) {
        ConfigMap map = configMaps().withName(name).get();
        if (map == null || map.getData() == null) return Map.of(); // no barrier this run: nothing to agree on
        if (map.getData().containsKey(MERGER_KEY)) return Map.of();
        map.getData().put(DONE_PREFIX + me.index(), resultsUrl);
        Map<Integer, String> done = doneUrls(map);
        boolean last = done.size() == me.replicas() || othersEnded(job, done);
        if (last) map.getData().put(MERGER_KEY, Integer.toString(me.index()));
        try {
          configMaps().resource(map).update();
          return last ? done : Map.of();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) throw e; // another pod wrote meanwhile: read again
        }
      }
    } catch (KubernetesClientException e) {
      throw new KubernetesProblem(FAILED, "load.distributed: could not record this pod's end in the start barrier's"
          + " ConfigMap (" + e.getMessage() + "); merge the replicas' results with inference-perf report s3://...");
    }
  }

  /** Every done.INDEX entry of a barrier ConfigMap: where each pod uploaded its results. */
  public static Map<Integer, String> doneUrlsOf(ConfigMap map) {
    Map<Integer, String> done = new java.util.TreeMap<>();
    if (map.getData() == null) return done;
    map.getData().forEach((key, url) -> {
      if (!key.startsWith(DONE_PREFIX)) return;
      try {
        done.put(Integer.valueOf(key.substring(DONE_PREFIX.length())), url);
      } catch (NumberFormatException e) {
        // not ours
      }
    });
    return done;
  }

  private Map<Integer, String> doneUrls(ConfigMap map) {
    Map<Integer, String> done = new java.util.TreeMap<>();
    for (int index = 0; index < me.replicas(); index++) {
      String url = map.getData().get(DONE_PREFIX + index);
      if (url != null) done.put(index, url);
    }
    return done;
  }

  /** Whether every replica that is not done has a pod that ended (failed): none of them will be done. */
  private boolean othersEnded(JobOfPod job, Map<Integer, String> done) {
    Map<Integer, JobOfPod.PodState> states = job.podStates(client);
    for (int index = 0; index < me.replicas(); index++) {
      if (done.containsKey(index)) continue;
      JobOfPod.PodState state = states.get(index);
      if (state == null || !state.ended()) return false;
    }
    return true;
  }

  private Agreed agreed(long startMillis, boolean wrote, long begunMillis, String name)
      throws InterruptedException {
    long waited = clock.millis() - begunMillis;
    refineClockOffset(startMillis - settings.leadMillis() / 2);
    return new Agreed(startMillis, wrote, waited, name, serverClock.estimate().offset());
  }

  /**
   * More Date headers while the start is still ahead, at intervals that are no fraction of a second, so their
   * reads fall at different points of the server's second and narrow the offset's window to about a round trip.
   */
  private void refineClockOffset(long untilMillis) throws InterruptedException {
    while (serverClock.estimate().samples() < CLOCK_SAMPLES
        && clock.millis() + CLOCK_SAMPLE_GAP_MILLIS < untilMillis) {
      Thread.sleep(CLOCK_SAMPLE_GAP_MILLIS);
      serverClock.sample();
    }
  }

  /** Adds ready.INDEX, creating the ConfigMap when it is not there yet; retried when another pod wrote meanwhile. */
  private void markReady(JobOfPod job, String name, long deadlineMillis) throws KubernetesProblem {
    String readyKey = READY_PREFIX + me.index();
    String now = Instant.ofEpochMilli(clock.millis()).toString();
    while (true) {
      ConfigMap map = configMaps().withName(name).get();
      try {
        if (map == null) {
          configMaps().resource(newConfigMap(job, name, Map.of(readyKey, now))).create();
        } else {
          if (map.getData() == null) map.setData(new LinkedHashMap<>());
          if (map.getData().containsKey(readyKey)) return;
          map.getData().put(readyKey, now);
          configMaps().resource(map).update(); // with the resourceVersion read: refused if someone wrote meanwhile
        }
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) throw e;
        if (clock.millis() >= deadlineMillis) {
          throw new KubernetesProblem(FAILED, "load.distributed: could not write this pod's ready entry into"
              + " ConfigMap " + name + " before " + settings.timeoutKey() + " (" + settings.timeoutMillis() / 1000
              + " s) passed: every write conflicted with another's");
        }
      }
    }
  }

  /** Writes the start into the ConfigMap as read; null when another pod changed it first. */
  private Long writeStart(ConfigMap map) {
    long start = clock.millis() + settings.leadMillis();
    map.getData().put(START_KEY, Instant.ofEpochMilli(start).toString());
    map.getData().put(WRITER_KEY, Integer.toString(me.index()));
    try {
      configMaps().resource(map).update();
      return start;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) return null;
      throw e;
    }
  }

  private ConfigMap newConfigMap(JobOfPod job, String name, Map<String, String> data) {
    ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(me.namespace())
        .addToLabels("app.kubernetes.io/name", "inference-perf")
        .addToLabels("app.kubernetes.io/component", COMPONENT)
        .endMetadata()
        .addToData(REPLICAS_KEY, Integer.toString(me.replicas()))
        .addToData(data);
    ConfigMap map = builder.build();
    if (job.uid() != null) {
      // owned by the Job: deleted with it, so a later Job of the same name never reads this one's start
      map.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1")
          .withKind("Job").withName(job.name()).withUid(job.uid()).build()));
    }
    return map;
  }

  static Long startOf(ConfigMap map) {
    String text = map.getData() == null ? null : map.getData().get(START_KEY);
    if (text == null) return null;
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null; // not ours: treated as absent, and overwritten by the next write
    }
  }

  private List<Integer> readyIndexes(ConfigMap map) {
    List<Integer> ready = new ArrayList<>();
    for (int index = 0; index < me.replicas(); index++) {
      if (map.getData() != null && map.getData().containsKey(READY_PREFIX + index)) ready.add(index);
    }
    return ready;
  }

  private List<Integer> missingIndexes(ConfigMap map) {
    List<Integer> ready = readyIndexes(map);
    List<Integer> missing = new ArrayList<>();
    for (int index = 0; index < me.replicas(); index++) if (!ready.contains(index)) missing.add(index);
    return missing;
  }

  /** A pod that ended before it was ready will never be: stop waiting for it. */
  private void failIfAPodEnded(JobOfPod job, ConfigMap map) throws KubernetesProblem {
    Map<Integer, JobOfPod.PodState> states = job.podStates(client);
    for (int index : missingIndexes(map)) {
      JobOfPod.PodState state = states.get(index);
      if (state != null && state.ended()) {
        throw new KubernetesProblem(FAILED, "load.distributed: replica " + index + " of Job " + job.name()
            + " ended (" + state + ") before it was ready, so the load generators cannot start together; see its"
            + " log (kubectl logs -n " + me.namespace() + " -l batch.kubernetes.io/job-completion-index=" + index
            + ",batch.kubernetes.io/job-name=" + job.name() + ")");
      }
    }
  }

  private KubernetesProblem timeout(JobOfPod job, ConfigMap map) {
    Map<Integer, JobOfPod.PodState> states;
    try {
      states = job.podStates(client);
    } catch (KubernetesClientException e) {
      states = Map.of(); // the pods cannot be listed: the message names the indexes only
    }
    List<String> missing = new ArrayList<>();
    for (int index : missingIndexes(map)) {
      JobOfPod.PodState state = states.get(index);
      missing.add(index + " (" + (state == null ? "no pod" : state) + ")");
    }
    return new KubernetesProblem(FAILED, settings.timeoutKey() + " (" + settings.timeoutMillis() / 1000.0
        + " s) passed while this load generator waited for the others of Job " + job.name() + ": replica "
        + String.join(", ", missing) + " not ready (ConfigMap " + map.getMetadata().getName() + " holds the ready"
        + " entries). Raise " + settings.timeoutKey() + " if the pods are slow to be scheduled or to pull the image,"
        + " find out why they do not start (kubectl describe pod -n " + me.namespace() + "), or give"
        + " load.distributed.start_at to start at a fixed instant without the barrier");
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<ConfigMap,
      io.fabric8.kubernetes.api.model.ConfigMapList,
      io.fabric8.kubernetes.client.dsl.Resource<ConfigMap>> configMaps() {
    return client.configMaps().inNamespace(me.namespace());
  }
}
