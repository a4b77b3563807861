package io.inferenceperf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The printed YAML, read back into the Kubernetes model: what {@code kubectl apply} would create. */
class JobManifestsTest {
  private static final String CONFIG = "server:\n  type: vllm\n  base_url: http://qwen3-vllm.default:8000\n";
  private static final Map<String, String> TARGET = Map.of("app.kubernetes.io/component", "qwen3-vllm");

  private static JobSpec spec(String instanceType, boolean required) {
    return new JobSpec("bench", "benchmarking", CONFIG, TARGET, "default", instanceType, "repo/inference-perf:1",
        "hf-secret", required);
  }

  private static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
      objects.add(Serialization.unmarshal(doc));
    }
    return objects;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  @Test
  void jobIsPlacedInTheModelServersZoneAndPinnedToTheInstanceType() {
    List<HasMetadata> objects = parse(new JobManifests(spec("m6i.2xlarge", true)).yaml());
    assertEquals(List.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Job"),
        objects.stream().map(HasMetadata::getKind).toList());
    PodSpec pod = only(objects, Job.class).getSpec().getTemplate().getSpec();
    List<PodAffinityTerm> required = pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertEquals(1, required.size());
    assertEquals(TARGET, required.get(0).getLabelSelector().getMatchLabels());
    assertEquals("topology.kubernetes.io/zone", required.get(0).getTopologyKey());
    assertEquals(List.of("default"), required.get(0).getNamespaces(), "the model server's namespace, not the Job's");
    assertEquals(Map.of("node.kubernetes.io/instance-type", "m6i.2xlarge"), pod.getNodeSelector());
  }

  @Test
  void preferredAffinityAndNoInstanceTypeWhenAsked() {
    PodSpec pod = new JobManifests(spec(null, false)).job().getSpec().getTemplate().getSpec();
    assertTrue(pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty());
    PodAffinityTerm preferred = pod.getAffinity().getPodAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm();
    assertEquals(TARGET, preferred.getLabelSelector().getMatchLabels());
    assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty());
  }

  @Test
  void configSecretAndVolumeReferencesResolve() {
    List<HasMetadata> objects = parse(new JobManifests(spec(null, true)).yaml());
    Job job = only(objects, Job.class);
    ConfigMap configMap = only(objects, ConfigMap.class);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertEquals(List.of("--config_file", "/etc/config/config.yml"), c.getArgs());
    assertEquals("repo/inference-perf:1", c.getImage());
    assertEquals(CONFIG, configMap.getData().get("config.yml"), "the config file, byte for byte");
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertEquals(configMap.getMetadata().getName(), volumes.get("config").getConfigMap().getName());
    for (VolumeMount mount : c.getVolumeMounts()) assertTrue(volumes.containsKey(mount.getName()), mount.getName());
    Map<String, String> mounts = c.getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    assertEquals("config", mounts.get("/etc/config"));
    assertTrue(volumes.get(mounts.get("/tmp")).getEmptyDir() != null);
    assertTrue(volumes.get(mounts.get("/workspace")).getEmptyDir() != null);
    assertEquals("/workspace", c.getWorkingDir(), "relative report folders land on the emptyDir");

    Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    var token = env.get("HF_TOKEN").getValueFrom().getSecretKeyRef();
    assertEquals("hf-secret", token.getName());
    assertEquals("hf_api_token", token.getKey());
    assertTrue(token.getOptional(), "the pod starts without the Secret");
    assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("metadata.namespace", env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("spec.nodeName", env.get("NODE_NAME").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("true", env.get(JobManifests.BUNDLE_ENV).getValue());

    ServiceAccount account = only(objects, ServiceAccount.class);
    assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
    ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
    assertEquals(only(objects, ClusterRole.class).getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
    assertEquals("benchmarking", binding.getSubjects().get(0).getNamespace());
    for (HasMetadata o : objects) {
      if (!(o instanceof ClusterRole) && !(o instanceof ClusterRoleBinding)
          && !o.getKind().equals("Namespace")) {
        assertEquals("benchmarking", o.getMetadata().getNamespace(), o.getKind());
      }
    }
  }

  @Test
  void runsAsNonRootWithAReadOnlyRootFileSystemAndNoRetry() {
    Job job = new JobManifests(spec(null, true)).job();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertFalse(pod.getSecurityContext().getRunAsUser() == 0L);
    var container = pod.getContainers().get(0).getSecurityContext();
    assertTrue(container.getReadOnlyRootFilesystem());
    assertFalse(container.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals(0, job.getSpec().getBackoffLimit());
  }

  @Test
  void placementRoleGrantsOnlyReads() {
    ClusterRole role = new JobManifests(spec(null, true)).placementRole();
    role.getRules().forEach(rule -> assertTrue(List.of("get", "list").containsAll(rule.getVerbs()), rule.toString()));
    assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("nodes")));
    assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("endpointslices")
        && r.getApiGroups().contains("discovery.k8s.io")));
  }

  @Test
  void labelsAndServiceAddressesAreParsed() {
    assertEquals(Map.of("app", "a", "tier", "gpu"), Labels.parse("app=a, tier=gpu"));
    assertThrowsMessage("not key=value", () -> Labels.parse("app"));
    assertThrowsMessage("not a valid label value", () -> Labels.parse("app=a b"));
    assertEquals(new ServiceAddress("qwen3-vllm", "default"), ServiceAddress.of("http://qwen3-vllm.default:8000"));
    assertEquals(new ServiceAddress("vllm", "llm"), ServiceAddress.of("http://vllm.llm.svc.cluster.local:8000/v1"));
    assertEquals(new ServiceAddress("vllm", null), ServiceAddress.of("http://vllm:8000"));
    assertNull(ServiceAddress.of("http://127.0.0.1:8000"));
    assertNull(ServiceAddress.of("https://api.openai.com"));
  }

  private static void assertThrowsMessage(String part, Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
      return;
    }
    throw new AssertionError("no exception");
  }
}
