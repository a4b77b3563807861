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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code k8s job --apply}: checks the target, creates the Job's objects, waits for its pod, streams its log to the
 * console, unpacks the results bundle the pod printed into a local folder, and deletes the Job (unless kept).
 * Results stored in S3 ({@code storage.simple_storage_service}, when this tool supports it) would be fetched by
 * another {@link ResultsRetrieval}; the log bundle works with no storage at all.
 */
public final class JobRunner {
  /** Label the Job controller puts on its pods. */
  static final String JOB_NAME_LABEL = "job-name";

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

  /** What happened: the pod's exit status and where its results went. */
  public record Outcome(int exitCode, String podName, List<Path> resultFolders) {}

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
      Pod pod = awaitStart(spec);
      out.println("k8s job: pod " + pod.getMetadata().getName() + " on node " + pod.getSpec().getNodeName()
          + "; its log follows");
      List<Path> folders = streamLog(spec, pod.getMetadata().getName(), target);
      int exit = awaitExit(spec, pod.getMetadata().getName());
      for (Path folder : folders) out.println("k8s job: results copied to " + folder.toAbsolutePath());
      if (folders.isEmpty()) {
        out.println("k8s job: the pod's log held no results bundle (an image without bundle support, or the run"
            + " ended before writing reports)");
      }
      return new Outcome(exit, pod.getMetadata().getName(), folders);
    } finally {
      if (keep) {
        out.println("k8s job: kept Job " + spec.name() + " (--keep); delete it with kubectl delete job "
            + spec.name() + " -n " + spec.namespace());
      } else {
        delete(spec);
      }
    }
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

  /** Waits until the Job's pod has left Pending; a pod that cannot be scheduled gets the guide's checklist. */
  private Pod awaitStart(JobSpec spec) throws KubernetesProblem, InterruptedException {
    long deadline = System.nanoTime() + timing.scheduleTimeout().toNanos();
    Pod pod = null;
    boolean said = false;
    while (System.nanoTime() < deadline) {
      pod = jobPod(spec);
      String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (phase != null && !phase.equals("Pending")) return pod;
      if (!said) {
        out.println("k8s job: waiting for the Job's pod to be scheduled and started");
        said = true;
      }
      Thread.sleep(timing.poll().toMillis());
    }
    throw new KubernetesProblem(1, notScheduled(spec, pod));
  }

  private Pod jobPod(JobSpec spec) {
    List<Pod> pods = client.pods().inNamespace(spec.namespace()).withLabel(JOB_NAME_LABEL, spec.name()).list()
        .getItems();
    return pods.isEmpty() ? null : pods.get(pods.size() - 1);
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

  private List<Path> streamLog(JobSpec spec, String podName, Path target) throws KubernetesProblem {
    try (LogWatch watch = client.pods().inNamespace(spec.namespace()).withName(podName).watchLog();
        BufferedReader log = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
      return retrieval.retrieve(log, out, target);
    } catch (IOException e) {
      throw new KubernetesProblem(1, "k8s job: reading the pod's log failed: " + e.getMessage()
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
