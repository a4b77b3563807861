package io.inferenceperf.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of a benchmark Job, as the Kubernetes model: its Namespace, a ServiceAccount with the read-only rights
 * the placement section needs (a ClusterRole: nodes are cluster-wide, and the model server may live in another
 * namespace), the ConfigMap holding the config file, and the Job: placed in the model server's zone (pod affinity on
 * topology.kubernetes.io/zone), optionally on one instance type, non-root with a read-only root file system, the HF
 * token from an optional Secret, and the pod's own name, namespace and node from the downward API.
 */
public final class JobManifests {
  public static final String CONTAINER = "inference-perf";
  public static final String CONFIG_DIR = "/etc/config";
  public static final String CONFIG_FILE = "config.yml";
  /** The working directory: relative report folders (the default) land in this emptyDir. */
  public static final String REPORTS_DIR = "/workspace";
  /** The key of the HF token in its Secret, as in inference-perf's manifests and deploy/. */
  public static final String HF_TOKEN_KEY = "hf_api_token";
  public static final String PLACEMENT_ROLE = "inference-perf-placement";
  /** The namespaced Role of the start barrier (the pods of a distributed Job agreeing on their start). */
  public static final String BARRIER_ROLE = "inference-perf-start-barrier";
  /** Set on the pod: the run prints its report folder as a results bundle to the log when it ends. */
  public static final String BUNDLE_ENV = "INFERENCE_PERF_RESULTS_TO_LOG";
  public static final String POD_NAME_ENV = "POD_NAME";
  public static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
  public static final String NODE_NAME_ENV = "NODE_NAME";
  /** 65532: the customary non-root user of distroless-style images. */
  static final long RUN_AS_USER = 65532L;

  private final JobSpec spec;

  public JobManifests(JobSpec spec) {
    this.spec = spec;
  }

  /** In the order {@code kubectl apply -f} needs: the namespace before what lives in it. */
  public List<HasMetadata> all() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(namespace());
    objects.add(serviceAccount());
    objects.add(placementRole());
    objects.add(placementRoleBinding());
    if (spec.distributed()) {
      objects.add(barrierRole());
      objects.add(barrierRoleBinding());
    }
    objects.add(configMap());
    objects.add(job());
    return objects;
  }

  /** Every object as one multi-document YAML stream, with a header saying how to apply it. */
  public String yaml() {
    StringBuilder out = new StringBuilder();
    out.append("# inference-perf benchmark Job: same zone as the pods labelled ")
        .append(Labels.format(spec.targetLabels())).append(" in namespace ").append(spec.targetNamespace())
        .append(".\n# Optional Hugging Face token for gated tokenizers (the pod starts without it):\n#   kubectl create")
        .append(" secret generic ").append(spec.hfTokenSecret()).append(" -n ").append(spec.namespace())
        .append(" --from-literal=" + HF_TOKEN_KEY + "=hf_...\n# Apply: kubectl apply -f THIS_FILE; follow: kubectl logs -f job/")
        .append(spec.name()).append(" -n ").append(spec.namespace()).append('\n');
    if (spec.distributed()) out.append(distributedHeader());
    for (HasMetadata object : all()) {
      String doc = Serialization.asYaml(object);
      out.append(doc.startsWith("---") ? doc : "---\n" + doc);
    }
    return out.toString();
  }

  private String distributedHeader() {
    String start = spec.startAt() == null ? "the pods agree on their start through the Kubernetes API\n# (the start"
        + " barrier: once all are ready, stage 0 starts a few seconds later, written once into a ConfigMap of the"
        + " Job;\n# load.distributed.barrier_timeout bounds the wait)"
        : "every pod starts stage 0 at " + spec.startAt() + " (nodes' clocks NTP-synced): apply well before then";
    return "# Indexed Job: " + spec.replicas() + " load generators share the run; " + start + ".\n# Each writes its"
        + " reports to replica-INDEX under the report folder (and the S3 path); merge them with\n#   inference-perf"
        + " report replica-*/ --output merged    (or, from the bucket: inference-perf report s3://BUCKET/PATH/)\n";
  }

  public Namespace namespace() {
    return new NamespaceBuilder().withNewMetadata().withName(spec.namespace()).endMetadata().build();
  }

  public ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder().withNewMetadata().withName(spec.serviceAccountName())
        .withNamespace(spec.namespace()).withLabels(labels()).endMetadata().build();
  }

  /** Read-only: the nodes' zones, and the model server's Service, EndpointSlices and pods. */
  public ClusterRole placementRole() {
    return new ClusterRoleBuilder().withNewMetadata().withName(PLACEMENT_ROLE).withLabels(labels()).endMetadata()
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get").build())
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods", "services")
            .withVerbs("get", "list").build())
        .addToRules(new PolicyRuleBuilder().withApiGroups("discovery.k8s.io").withResources("endpointslices")
            .withVerbs("list").build())
        .build();
  }

  public ClusterRoleBinding placementRoleBinding() {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(PLACEMENT_ROLE + "-" + spec.namespace())
        .withLabels(labels()).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(PLACEMENT_ROLE)
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(spec.serviceAccountName())
        .withNamespace(spec.namespace()).endSubject()
        .build();
  }

  /**
   * The start barrier's rights, in the Job's namespace only: the ConfigMap the pods agree through (made by the first,
   * updated by the others), and the Job's pods (to name the missing ones and stop waiting for a failed one).
   */
  public Role barrierRole() {
    return new RoleBuilder().withNewMetadata().withName(BARRIER_ROLE).withNamespace(spec.namespace())
        .withLabels(labels()).endMetadata()
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
            .withVerbs("get", "create", "update").build())
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list").build())
        .build();
  }

  public RoleBinding barrierRoleBinding() {
    return new RoleBindingBuilder().withNewMetadata().withName(BARRIER_ROLE).withNamespace(spec.namespace())
        .withLabels(labels()).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(BARRIER_ROLE)
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(spec.serviceAccountName())
        .withNamespace(spec.namespace()).endSubject()
        .build();
  }

  public ConfigMap configMap() {
    return new ConfigMapBuilder().withNewMetadata().withName(spec.configMapName()).withNamespace(spec.namespace())
        .withLabels(labels()).endMetadata().addToData(CONFIG_FILE, spec.configYaml()).build();
  }

  public Job job() {
    Job job = new JobBuilder().withNewMetadata().withName(spec.name()).withNamespace(spec.namespace())
        .withLabels(labels()).endMetadata()
        .withNewSpec()
        // a benchmark that failed must not be re-run silently: its retry would measure a different run
        .withBackoffLimit(0)
        .withNewTemplate().withNewMetadata().withLabels(labels()).endMetadata().withSpec(podSpec()).endTemplate()
        .endSpec().build();
    if (spec.distributed()) indexed(job);
    return job;
  }

  /**
   * N pods at once, each with its JOB_COMPLETION_INDEX. No retry per index (a late retry would send its share
   * out of step), and no Job-wide backoff limit: with it, one failed pod would make the Job controller stop the
   * others, and their results would be lost. backoffLimitPerIndex needs Kubernetes 1.29 or later.
   */
  private void indexed(Job job) {
    job.getSpec().setCompletionMode("Indexed");
    job.getSpec().setCompletions(spec.replicas());
    job.getSpec().setParallelism(spec.replicas());
    job.getSpec().setBackoffLimit(null);
    job.getSpec().setBackoffLimitPerIndex(0);
  }

  /** The container's arguments: the config, and for a distributed run the replica count and the common start. */
  List<String> args() {
    List<String> args = new ArrayList<>(List.of("--config_file", CONFIG_DIR + "/" + CONFIG_FILE));
    if (spec.distributed()) args.addAll(List.of("--load.distributed.replicas", Integer.toString(spec.replicas())));
    if (spec.startAt() != null) args.addAll(List.of("--start-at", spec.startAt().toString()));
    return args;
  }

  private PodSpec podSpec() {
    PodSpecBuilder pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withServiceAccountName(spec.serviceAccountName())
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(RUN_AS_USER).withRunAsGroup(RUN_AS_USER)
        .withFsGroup(RUN_AS_USER).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withNewAffinity().withNewPodAffinity().endPodAffinity().endAffinity()
        .withContainers(container())
        .addNewVolume().withName("config").withNewConfigMap().withName(spec.configMapName()).endConfigMap()
        .endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume();
    PodSpec built = pod.build();
    if (spec.sameZoneRequired()) {
      built.getAffinity().getPodAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(List.of(sameZone()));
    } else {
      built.getAffinity().getPodAffinity().setPreferredDuringSchedulingIgnoredDuringExecution(List.of(
          new io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder().withWeight(100)
              .withPodAffinityTerm(sameZone()).build()));
    }
    if (spec.instanceType() != null) {
      built.setNodeSelector(Map.of(Labels.INSTANCE_TYPE, spec.instanceType()));
    }
    return built;
  }

  /** The model server's pods, named in their own namespace (affinity looks only in the Job's otherwise). */
  private PodAffinityTerm sameZone() {
    return new PodAffinityTermBuilder().withNewLabelSelector().withMatchLabels(spec.targetLabels())
        .endLabelSelector().withNamespaces(spec.targetNamespace()).withTopologyKey(Labels.ZONE).build();
  }

  private Container container() {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(spec.image())
        .withArgs(args())
        .withWorkingDir(REPORTS_DIR)
        .withEnv(env())
        .withNewResources()
                // as deploy/: the heap may grow to 2 GiB; no CPU limit (throttling would show up as client latency)
        .addToRequests("cpu", new Quantity("4")).addToRequests("memory", new Quantity("3Gi"))
        .addToLimits("memory", new Quantity("3Gi"))
        .endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
        .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .addNewVolumeMount().withName("workspace").withMountPath(REPORTS_DIR).endVolumeMount()
        .build();
  }

  private List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("HF_TOKEN").withNewValueFrom().withNewSecretKeyRef()
        .withName(spec.hfTokenSecret()).withKey(HF_TOKEN_KEY).withOptional(true).endSecretKeyRef().endValueFrom().build());
    env.add(fieldRef(POD_NAME_ENV, "metadata.name"));
    env.add(fieldRef(POD_NAMESPACE_ENV, "metadata.namespace"));
    env.add(fieldRef(NODE_NAME_ENV, "spec.nodeName"));
    env.add(new EnvVarBuilder().withName(BUNDLE_ENV).withValue("true").build());
    // caches of the tokenizer libraries on the writable emptyDir (the root file system is read-only)
    env.add(new EnvVarBuilder().withName("HF_HOME").withValue("/tmp/hf").build());
    env.add(new EnvVarBuilder().withName("DJL_CACHE_DIR").withValue("/tmp/djl").build());
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
        .endValueFrom().build();
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "inference-perf");
    labels.put("app.kubernetes.io/instance", spec.name());
    labels.put("app.kubernetes.io/component", "benchmark");
    return labels;
  }
}
