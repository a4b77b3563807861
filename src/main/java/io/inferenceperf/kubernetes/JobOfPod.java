package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Job a pod belongs to, from the labels the Job controller puts on its pods (or the pod's owner reference),
 * else from the name given in the environment; and the phases of that Job's pods, by completion index.
 *
 * @param namespace the Job's namespace (its pods')
 * @param uid the Job's uid, or null when only its name is known
 */
record JobOfPod(String namespace, String name, String uid) {
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String LEGACY_JOB_NAME_LABEL = "job-name";
  static final String UID_LABEL = "batch.kubernetes.io/controller-uid";
  static final String LEGACY_UID_LABEL = "controller-uid";
  static final String INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

  static JobOfPod find(KubernetesClient client, StartBarrier.Participant me) throws KubernetesProblem {
    Pod pod = client.pods().inNamespace(me.namespace()).withName(me.podName()).get();
    if (pod != null) {
      Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
      String name = first(labels.get(JOB_NAME_LABEL), labels.get(LEGACY_JOB_NAME_LABEL));
      String uid = first(labels.get(UID_LABEL), labels.get(LEGACY_UID_LABEL));
      for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
        if ("Job".equals(owner.getKind())) {
          name = first(name, owner.getName());
          uid = first(uid, owner.getUid());
        }
      }
      if (name != null) return new JobOfPod(me.namespace(), name, uid);
    }
    if (me.jobNameOverride() != null && !me.jobNameOverride().isBlank()) {
      return new JobOfPod(me.namespace(), me.jobNameOverride().strip(), null);
    }
    throw new KubernetesProblem(StartBarrier.FAILED, "load.distributed: pod " + me.namespace() + "/" + me.podName()
        + (pod == null ? " was not found through the Kubernetes API" : " belongs to no Job (no " + JOB_NAME_LABEL
            + " label)") + ", so the start barrier cannot find the other load generators; run it as an Indexed Job"
        + " (inference-perf k8s job --replicas N), set JOB_NAME to the Job's name, or give load.distributed.start_at");
  }

  /** The ConfigMap the Job's pods agree through: one per Job object (its uid), so a re-created Job starts afresh. */
  String barrierConfigMapName() {
    String base = name.length() > 200 ? name.substring(0, 200) : name;
    return uid == null ? base + "-start" : base + "-start-" + uid.substring(0, Math.min(8, uid.length()));
  }

  /** One pod of the Job as the barrier reports it. */
  record PodState(String podName, String phase, String reason) {
    boolean ended() {
      return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    @Override
    public String toString() {
      return "pod " + podName + ": " + phase + (reason == null ? "" : ", " + reason);
    }
  }

  /** The state of each of the Job's pods, by completion index (a pod that has not ended wins over one that has). */
  Map<Integer, PodState> podStates(KubernetesClient client) {
    String selector = uid != null ? UID_LABEL + "=" + uid : JOB_NAME_LABEL + "=" + name;
    Map<Integer, PodState> states = new LinkedHashMap<>();
    for (Pod pod : client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems()) {
      Integer index = index(pod);
      if (index == null) continue;
      String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending"
          : pod.getStatus().getPhase();
      PodState state = new PodState(pod.getMetadata().getName(), phase,
          pod.getStatus() == null ? null : pod.getStatus().getReason());
      if (!states.containsKey(index) || states.get(index).ended()) states.put(index, state);
    }
    return states;
  }

  private static Integer index(Pod pod) {
    String text = null;
    if (pod.getMetadata().getLabels() != null) text = pod.getMetadata().getLabels().get(INDEX_LABEL);
    if (text == null && pod.getMetadata().getAnnotations() != null) {
      text = pod.getMetadata().getAnnotations().get(INDEX_ANNOTATION);
    }
    try {
      return text == null ? null : Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
