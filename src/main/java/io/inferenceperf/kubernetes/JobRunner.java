package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code k8s job --apply}: checks the target, creates the Job's objects, waits for its pod, streams its log to the
 * console, unpacks the results bundle the pod printed into a local folder, and deletes the Job (unless kept).
 * Results stored in S3 ({@code storage.simple_storage_service}, when this tool supports it) would be fetched by
 * another {@link ResultsRetrieval}; the log bundle works with no storage at all.
 */
public final class JobRunner {
  /** Label the Job controller puts on its pods. */
  static final String JOB_NAME_LABEL = "job-name";
  /** Annotation the Job controller puts on the pods of an Indexed Job. */
  static final String COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

  /** How the results of a finished pod reach the local disk. */
  public interface ResultsRetrieval {
    /** Consumes every log line; returns the folders it wrote. */
    List<Path> retrieve(BufferedReader log, PrintStream console, Path target) throws IOException;
  }

  /** The default: the bundle the pod prints between markers (see {@link ResultsBundle}). */
  public static final ResultsRetrieval LOG_BUNDLE = (log, console, target) -> {
    ResultsBundle.Reader reader = new ResultsBundle.Reader(console);
    for (String line = log.readLine(); line != null; line = log.readLine()) reader.line(line);
    console.flush();
    List<Path> folders = new ArrayList<>();
    for (ResultsBundle.Bundle bundle : reader.bundles()) folders.add(bundle.unpack(target));
    if (reader.cutShort()) throw new IOException("the log ended inside the results bundle (the pod was stopped?)");
    return folders;
  };

  /**
   * @param poll how often the pod's state is read
   * @param scheduleTimeout how long the pod may stay Pending before the command gives up
   * @param finishTimeout how long after its log ended the pod may take to report its end
   */
  public record Timing(Duration poll, Duration scheduleTimeout, Duration finishTimeout) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(2), Duration.ofMinutes(10),
        Duration.ofMinutes(2));
  }

  /** One pod's end: its completion index (0 for a plain Job), exit status and where its results went. */
  public record PodOutcome(int index, String podName, int exitCode, List<Path> resultFolders) {}

  /**
   * What happened to every pod of the Job, by index.
   *
   * @param uploadedResults where each pod of a distributed run uploaded its results (s3://..., by index), as the
   *     pods wrote it into the start barrier's ConfigMap; empty without the barrier or object storage
   */
  public record Outcome(List<PodOutcome> pods, Map<Integer, String> uploadedResults) {
    public Outcome {
      pods = List.copyOf(pods);
      uploadedResults = Map.copyOf(uploadedResults);
    }

    public Outcome(List<PodOutcome> pods) {
      this(pods, Map.of());
    }

    /** 0 when every pod succeeded; else the first failed pod's status. */
    public int exitCode() {
      return pods.stream().mapToInt(PodOutcome::exitCode).filter(code -> code != 0).findFirst().orElse(0);
    }

    public List<Path> resultFolders() {
      return pods.stream().flatMap(pod -> pod.resultFolders().stream()).toList();
    }
  }

  private final KubernetesClient client;
  private final PrintStream out;
  private final Timing timing;
  private final ResultsRetrieval retrieval;

  public JobRunner(KubernetesClient client, PrintStream out, Timing timing, ResultsRetrieval retrieval) {
    this.client = client;
    this.out = out;
    this.timing = timing;
    this.retrieval = retrieval;
  }

  public Outcome run(JobSpec spec, boolean allowZones, boolean keep, Path target)
      throws KubernetesProblem, InterruptedException {
    String zone = TargetCheck.zoneOf(client, spec.targetNamespace(), spec.targetLabels(), allowZones);
    out.println("k8s job: the model server's pods (" + Labels.format(spec.targetLabels()) + ") run in zone " + zone);
    JobManifests manifests = new JobManifests(spec);
    if (client.batch().v1().jobs().inNamespace(spec.namespace()).withName(spec.name()).get() != null) {
      throw new KubernetesProblem(TargetCheck.CONFIG_EXIT, "k8s job: a Job named " + spec.name()
          + " already exists in namespace " + spec.namespace() + " (an earlier run kept with --keep?). Delete it"
          + " with kubectl delete job " + spec.name() + " -n " + spec.namespace() + ", or pass --name.");
    }
    create(manifests);
    out.println("k8s job: created Job " + spec.namespace() + "/" + spec.name());
    try {
      Map<Integer, Pod> pods = awaitStart(spec);
      warnIfLate(spec);
      List<PodOutcome> outcomes = followAll(spec, pods, target);
      for (PodOutcome pod : outcomes) {
        for (Path folder : pod.resultFolders()) {
          out.println("k8s job: " + who(spec, pod.index()) + "results copied to " + folder.toAbsolutePath());
        }
        if (pod.resultFolders().isEmpty()) {
          out.println("k8s job: " + who(spec, pod.index()) + "the log of pod " + pod.podName() + " held no results"
              + " bundle (an image without bundle support, or the run ended before writing reports)");
        }
      }
      return new Outcome(outcomes, spec.distributed() ? uploadedResults(spec) : Map.of());
    } finally {
      if (keep) {
        out.println("k8s job: kept Job " + spec.name() + " (--keep); delete it with kubectl delete job "
            + spec.name() + " -n " + spec.namespace());
      } else {
        delete(spec);
      }
    }
  }

  /** The done.INDEX entries of the Job's start-barrier ConfigMap, read before the Job (and it) is deleted. */
  private Map<Integer, String> uploadedResults(JobSpec spec) {
    try {
      for (io.fabric8.kubernetes.api.model.ConfigMap map : client.configMaps().inNamespace(spec.namespace())
          .withLabel("app.kubernetes.io/component", StartBarrier.COMPONENT).list().getItems()) {
        boolean ours = map.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> "Job".equals(owner.getKind()) && spec.name().equals(owner.getName()));
        String name = map.getMetadata().getName();
        if (ours || name.equals(spec.name() + "-start") || name.startsWith(spec.name() + "-start-")) {
          return StartBarrier.doneUrlsOf(map);
        }
      }
    } catch (KubernetesClientException e) {
      out.println("k8s job: could not read where the pods uploaded their results (" + e.getMessage() + ")");
    }
    return Map.of();
  }

  private void create(JobManifests manifests) throws KubernetesProblem {
    if (client.namespaces().withName(manifests.namespace().getMetadata().getName()).get() == null) {
      client.resource(manifests.namespace()).create();
    }
    apply(manifests.serviceAccount());
    try {
      apply(manifests.placementRole());
      apply(manifests.placementRoleBinding());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) throw e;
      // the placement section then says which reads were refused; the benchmark itself needs no rights
      out.println("k8s job: not allowed to create the ClusterRole " + JobManifests.PLACEMENT_ROLE + " (HTTP 403);"
          + " the report's placement section will lack the model server's zones unless an admin applies it"
          + " (k8s job prints it)");
    }
    apply(manifests.configMap());
    client.resource(manifests.job()).create();
  }

  private <T extends HasMetadata> void apply(T object) {
    client.resource(object).createOr(NonDeletingOperation::update);
  }

  /**
   * Waits until every pod of the Job (one per completion index) has left Pending; a pod that cannot be scheduled
   * gets the guide's checklist.
   */
  private Map<Integer, Pod> awaitStart(JobSpec spec) throws KubernetesProblem, InterruptedException {
    long deadline = System.nanoTime() + timing.scheduleTimeout().toNanos();
    Map<Integer, Pod> pods = Map.of();
    boolean said = false;
    while (System.nanoTime() < deadline) {
      pods = jobPods(spec);
      if (pods.size() == spec.replicas() && pods.values().stream().noneMatch(JobRunner::pending)) {
        for (Map.Entry<Integer, Pod> pod : pods.entrySet()) {
          out.println("k8s job: " + who(spec, pod.getKey()) + "pod " + pod.getValue().getMetadata().getName()
              + " on node " + pod.getValue().getSpec().getNodeName() + "; its log follows");
        }
        return pods;
      }
      if (!said) {
        out.println("k8s job: waiting for the Job's " + (spec.distributed() ? spec.replicas() + " pods" : "pod")
            + " to be scheduled and started");
        said = true;
      }
      Thread.sleep(timing.poll().toMillis());
    }
    Pod stuck = pods.values().stream().filter(JobRunner::pending).findFirst().orElse(null);
    throw new KubernetesProblem(1, notScheduled(spec, stuck));
  }

  private static boolean pending(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null || pod.getStatus().getPhase().equals("Pending");
  }

  /** The Job's pods by completion index (the newest pod of an index; a plain Job's one pod is index 0). */
  private Map<Integer, Pod> jobPods(JobSpec spec) {
    List<Pod> pods = client.pods().inNamespace(spec.namespace()).withLabel(JOB_NAME_LABEL, spec.name()).list()
        .getItems();
    Map<Integer, Pod> byIndex = new TreeMap<>();
    for (Pod pod : pods) byIndex.put(spec.distributed() ? completionIndex(pod) : 0, pod);
    byIndex.remove(-1);
    return byIndex;
  }

  private static int completionIndex(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String index = annotations == null ? null : annotations.get(COMPLETION_INDEX_ANNOTATION);
    try {
      return index == null ? -1 : Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A late start shifts that pod's share against the others': say so while the run goes on. */
  private void warnIfLate(JobSpec spec) {
    if (spec.startAt() == null || !Instant.now().isAfter(spec.startAt())) return;
    out.println("k8s job: warning: the pods were all running only after the agreed start " + spec.startAt()
        + "; the late ones start at once, shifted against the others (the merged report's start_skew_seconds says"
        + " by how much). Give a larger --start-lead next time.");
  }

  /** Streams every pod's log at once (each line prefixed by its replica) and waits for each pod's end. */
  private List<PodOutcome> followAll(JobSpec spec, Map<Integer, Pod> pods, Path target)
      throws KubernetesProblem, InterruptedException {
    if (!spec.distributed()) {
      Pod pod = pods.get(0);
      return List.of(follow(spec, 0, pod.getMetadata().getName(), target, out));
    }
    List<Future<PodOutcome>> running = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Map.Entry<Integer, Pod> pod : pods.entrySet()) {
        PrintStream console = new PrintStream(new PrefixedLines(out, "[replica " + pod.getKey() + "] "), true,
            StandardCharsets.UTF_8);
        running.add(threads.submit(() -> follow(spec, pod.getKey(), pod.getValue().getMetadata().getName(), target,
            console)));
      }
      List<PodOutcome> outcomes = new ArrayList<>();
      for (Future<PodOutcome> pod : running) outcomes.add(result(pod));
      return outcomes;
    }
  }

  private static PodOutcome result(Future<PodOutcome> pod) throws KubernetesProblem, InterruptedException {
    try {
      return pod.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesProblem problem) throw problem;
      if (e.getCause() instanceof InterruptedException interrupted) throw interrupted;
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException(e.getCause());
    }
  }

  private PodOutcome follow(JobSpec spec, int index, String podName, Path target, PrintStream console)
      throws KubernetesProblem, InterruptedException {
    List<Path> folders = streamLog(spec, podName, target, console);
    int exit = awaitExit(spec, podName);
    return new PodOutcome(index, podName, exit, folders);
  }

  private static String who(JobSpec spec, int index) {
    return spec.distributed() ? "replica " + index + ": " : "";
  }

  private String notScheduled(JobSpec spec, Pod pod) {
    String why = "";
    if (pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && c.getMessage() != null) {
          why = "\nThe scheduler says: " + c.getMessage();
        }
      }
    }
    String name = pod == null ? "(none created yet)" : pod.getMetadata().getName();
    return "k8s job: the Job's pod " + name + " did not start within " + timing.scheduleTimeout().toSeconds()
        + " s." + why + "\nSee kubectl describe pod -n " + spec.namespace() + " -l " + JOB_NAME_LABEL + "="
        + spec.name() + ". The usual causes:\n"
        + "  - no capacity in the model server's zone: scale the node group in that zone (Karpenter provisions one),"
        + " or let the Job run elsewhere with --preferred-zone (preferredDuringScheduling; the run may cross"
        + " zones);\n"
        + "  - the affinity's labels do not match the model server's pods (checked just before, so they changed);\n"
        + (spec.instanceType() == null ? ""
            : "  - no node of instance type " + spec.instanceType() + " in that zone: drop --instance-type or add"
                + " such nodes;\n")
        + "  - the image cannot be pulled: check --image.\nThe Job is deleted unless --keep.";
  }

  private List<Path> streamLog(JobSpec spec, String podName, Path target, PrintStream console)
      throws KubernetesProblem {
    try (LogWatch watch = client.pods().inNamespace(spec.namespace()).withName(podName).watchLog();
        BufferedReader log = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
      return retrieval.retrieve(log, console, target);
    } catch (IOException e) {
      throw new KubernetesProblem(1, "k8s job: reading the log of pod " + podName + " failed: " + e.getMessage()
          + ". The Job is deleted unless --keep; run with --keep to look at it.");
    }
  }

  /** The container's exit status, once the pod reports it. */
  private int awaitExit(JobSpec spec, String podName) throws KubernetesProblem, InterruptedException {
    long deadline = System.nanoTime() + timing.finishTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      Pod pod = client.pods().inNamespace(spec.namespace()).withName(podName).get();
      if (pod != null && pod.getStatus() != null) {
        String phase = pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) return 0;
        if ("Failed".equals(phase)) return exitCode(pod);
      }
      Thread.sleep(timing.poll().toMillis());
    }
    throw new KubernetesProblem(1, "k8s job: the pod's log ended but pod " + podName + " did not finish within "
        + timing.finishTimeout().toSeconds() + " s; see kubectl describe pod " + podName + " -n " + spec.namespace());
  }

  private static int exitCode(Pod pod) {
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        ContainerStateTerminated ended = status.getState() == null ? null : status.getState().getTerminated();
        if (ended != null && ended.getExitCode() != null && ended.getExitCode() != 0) return ended.getExitCode();
      }
    }
    return 1;
  }

  private void delete(JobSpec spec) {
    try {
      client.batch().v1().jobs().inNamespace(spec.namespace()).withName(spec.name())
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      client.configMaps().inNamespace(spec.namespace()).withName(spec.configMapName()).delete();
      out.println("k8s job: deleted Job " + spec.namespace() + "/" + spec.name() + " and its ConfigMap");
    } catch (KubernetesClientException e) {
      out.println("k8s job: could not delete Job " + spec.name() + " (" + e.getMessage() + "); delete it with"
          + " kubectl delete job " + spec.name() + " -n " + spec.namespace());
    }
  }

}
