package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Before a Job is created: do the target labels match Running pods, and are those pods in one zone? Each failure
 * names what the guide's troubleshooting list says to fix, because a required affinity that cannot be met leaves
 * the Job Pending with no other sign.
 */
public final class TargetCheck {
  /** Exit status of a check that failed: the command line or the cluster set-up needs fixing. */
  public static final int CONFIG_EXIT = 2;

  private TargetCheck() {}

  /** The one zone of the target pods; throws when there is none or several (unless {@code allowZones}). */
  public static String zoneOf(KubernetesClient client, String namespace, Map<String, String> labels,
      boolean allowZones) throws KubernetesProblem {
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
    List<Pod> running = pods.stream().filter(p -> "Running".equals(phase(p))).toList();
    if (running.isEmpty()) throw new KubernetesProblem(CONFIG_EXIT, noPods(namespace, labels, pods.size()));
    Map<String, List<String>> podsByZone = new TreeMap<>();
    for (Pod pod : running) {
      String zone = nodeZone(client, pod.getSpec().getNodeName());
      podsByZone.computeIfAbsent(zone, z -> new java.util.ArrayList<>()).add(pod.getMetadata().getName());
    }
    if (podsByZone.size() > 1 && !allowZones) {
      throw new KubernetesProblem(CONFIG_EXIT, severalZones(namespace, labels, podsByZone));
    }
    return String.join(",", new TreeSet<>(podsByZone.keySet()));
  }

  static String nodeZone(KubernetesClient client, String nodeName) {
    if (nodeName == null) return "(not scheduled)";
    try {
      Node node = client.nodes().withName(nodeName).get();
      if (node == null || node.getMetadata().getLabels() == null) return "(unknown zone)";
      String zone = node.getMetadata().getLabels().get(Labels.ZONE);
      return zone != null ? zone : "(node " + nodeName + " has no " + Labels.ZONE + " label)";
    } catch (KubernetesClientException e) {
      return "(zone unreadable: HTTP " + e.getCode() + ")";
    }
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static String noPods(String namespace, Map<String, String> labels, int matchedNotRunning) {
    String found = matchedNotRunning == 0
        ? "no pod in namespace " + namespace + " has the labels " + Labels.format(labels)
        : matchedNotRunning + " pod(s) in namespace " + namespace + " have the labels " + Labels.format(labels)
            + " but none is Running";
    return "k8s job: " + found + ", so the Job's same-zone affinity (requiredDuringScheduling, topologyKey "
        + Labels.ZONE + ") could never be met and the Job would stay Pending.\n"
        + "Fix:\n"
        + "  - the labels must be the model server's pod labels, not the Deployment's or the Service's: read them"
        + " with\n      kubectl get deployment NAME -n " + namespace
        + " -o jsonpath='{.spec.template.metadata.labels}'\n"
        + "    (common: app=NAME, app.kubernetes.io/component=NAME, app.kubernetes.io/name=NAME) and pass them to"
        + " --target-labels;\n"
        + "  - the model server runs in another namespace: pass --target-namespace NS;\n"
        + "  - the model server is not up yet: wait until kubectl get pods -n " + namespace + " -l "
        + Labels.format(labels) + " shows it Running.";
  }

  static String severalZones(String namespace, Map<String, String> labels, Map<String, List<String>> podsByZone) {
    StringBuilder zones = new StringBuilder();
    podsByZone.forEach((zone, pods) -> zones.append("\n  ").append(zone).append(": ").append(String.join(", ", pods)));
    return "k8s job: the pods labelled " + Labels.format(labels) + " in namespace " + namespace + " run in "
        + podsByZone.size() + " zones:" + zones + "\n"
        + "The Job would share a zone with some of them only; requests to the others cross zones (1-2 ms more per"
        + " request, and results that change when pods are rescheduled).\n"
        + "Fix:\n"
        + "  - narrow --target-labels to the pods of one zone, or keep the model server in one zone;\n"
        + "  - to measure a multi-zone deployment on purpose, run it as a separate benchmark with --allow-zones.";
  }
}
