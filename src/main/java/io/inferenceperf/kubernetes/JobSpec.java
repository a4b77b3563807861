package io.inferenceperf.kubernetes;

import java.util.Map;

/**
 * What the benchmark Job is made of.
 *
 * @param name name of the Job, its ConfigMap and its pod's container
 * @param namespace where the Job runs (the guide's {@code benchmarking})
 * @param configYaml the benchmark's config file, as the user wrote it
 * @param targetLabels labels of the model server's pods: the Job is placed in their zone
 * @param targetNamespace namespace of the model server's pods
 * @param instanceType node.kubernetes.io/instance-type to pin the Job to, or null
 * @param image the benchmark's container image
 * @param hfTokenSecret name of the Secret whose key {@code hf_api_token} becomes HF_TOKEN (optional in the pod)
 * @param sameZoneRequired true: required pod affinity; false: preferred (runs even when the zone has no capacity)
 */
public record JobSpec(
    String name,
    String namespace,
    String configYaml,
    Map<String, String> targetLabels,
    String targetNamespace,
    String instanceType,
    String image,
    String hfTokenSecret,
    boolean sameZoneRequired) {

  public static final String DEFAULT_NAME = "inference-perf";
  public static final String DEFAULT_NAMESPACE = "benchmarking";
  public static final String DEFAULT_HF_SECRET = "hf-secret"; // the name inference-perf's manifests and deploy/ use

  public JobSpec {
    targetLabels = Map.copyOf(targetLabels);
  }

  public String configMapName() {
    return name + "-config";
  }

  /** One ServiceAccount per namespace, shared by the Jobs there; the placement ClusterRole is bound to it. */
  public String serviceAccountName() {
    return DEFAULT_NAME;
  }
}
