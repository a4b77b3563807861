package io.inferenceperf.kubernetes;

import java.time.Instant;
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
 * @param replicas how many pods share the run (load.distributed.replicas); above 1 the Job is an Indexed Job
 * @param startAt the instant every pod starts stage 0 at (--start-at), or null: each starts when ready
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
    boolean sameZoneRequired,
    int replicas,
    Instant startAt) {

  public static final String DEFAULT_NAME = "inference-perf";
  public static final String DEFAULT_NAMESPACE = "benchmarking";
  public static final String DEFAULT_HF_SECRET = "hf-secret"; // the name inference-perf's manifests and deploy/ use

  public JobSpec {
    targetLabels = Map.copyOf(targetLabels);
    if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
  }

  /** One pod, no common start. */
  public JobSpec(String name, String namespace, String configYaml, Map<String, String> targetLabels,
      String targetNamespace, String instanceType, String image, String hfTokenSecret, boolean sameZoneRequired) {
    this(name, namespace, configYaml, targetLabels, targetNamespace, instanceType, image, hfTokenSecret,
        sameZoneRequired, 1, null);
  }

  public boolean distributed() {
    return replicas > 1;
  }

  /** The same Job with another start instant (--apply fixes it just before creating the Job). */
  public JobSpec startingAt(Instant instant) {
    return new JobSpec(name, namespace, configYaml, targetLabels, targetNamespace, instanceType, image,
        hfTokenSecret, sameZoneRequired, replicas, instant);
  }

  public String configMapName() {
    return name + "-config";
  }

  /** One ServiceAccount per namespace, shared by the Jobs there; the placement ClusterRole is bound to it. */
  public String serviceAccountName() {
    return DEFAULT_NAME;
  }
}
