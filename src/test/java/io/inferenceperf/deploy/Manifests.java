package io.inferenceperf.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Rendered Kubernetes manifests (kubectl kustomize or helm template output), parsed strictly into fabric8's model:
 * duplicate YAML keys are an error (one of inference-perf's chart defects renders two initContainers keys), every
 * kind must be one the model knows, and no field may land in a model object's catch-all additional properties (a
 * misspelt or misplaced field). Then the checks every variant shares: references resolve, the Job runs the image as
 * the manifests of inference-perf do, and the config in the ConfigMap is one our config loader accepts.
 */
final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = objects;
  }

  static Manifests parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<HasMetadata> objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
      if (document == null) continue;
      HasMetadata object = SERIALIZATION.convertValue(document, HasMetadata.class);
      if (object instanceof GenericKubernetesResource generic) {
        fail("a kind the Kubernetes model does not know: " + generic.getApiVersion() + " " + generic.getKind());
      }
      assertNoUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName(),
          Collections.newSetFromMap(new IdentityHashMap<>()));
      objects.add(object);
    }
    return new Manifests(objects);
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertEquals(1, found.size(), "exactly one " + type.getSimpleName() + " expected: " + found);
    return found.get(0);
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in " + names()));
  }

  Job job() {
    return one(Job.class);
  }

  /**
   * The start barrier's rights for the Job's ServiceAccount, in the Job's namespace: configmaps get/create/update
   * and pods get/list, through a RoleBinding; and the pod's name and namespace from the downward API.
   */
  void assertStartBarrierAllowed() {
    io.fabric8.kubernetes.api.model.rbac.Role role = one(io.fabric8.kubernetes.api.model.rbac.Role.class);
    io.fabric8.kubernetes.api.model.rbac.RoleBinding binding =
        one(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class);
    assertEquals(job().getMetadata().getNamespace(), role.getMetadata().getNamespace());
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals(pod().getServiceAccountName(), binding.getSubjects().get(0).getName());
    assertEquals(job().getMetadata().getNamespace(), binding.getSubjects().get(0).getNamespace());
    Map<String, List<String>> verbs = new java.util.HashMap<>();
    for (var rule : role.getRules()) for (String resource : rule.getResources()) verbs.put(resource, rule.getVerbs());
    assertEquals(Map.of("configmaps", List.of("get", "create", "update"), "pods", List.of("get", "list")), verbs);
    Map<String, String> fields = new java.util.HashMap<>();
    for (var env : container().getEnv()) {
      if (env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null) {
        fields.put(env.getName(), env.getValueFrom().getFieldRef().getFieldPath());
      }
    }
    assertEquals("metadata.name", fields.get("POD_NAME"), fields.toString());
    assertEquals("metadata.namespace", fields.get("POD_NAMESPACE"), fields.toString());
  }

  PodSpec pod() {
    return job().getSpec().getTemplate().getSpec();
  }

  Container container() {
    List<Container> containers = pod().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** The config.yml that the Job's /etc/config volume gets. */
  String configYaml() {
    Volume volume = volumeAt("/etc/config");
    assertNotNull(volume.getConfigMap(), "/etc/config is a ConfigMap volume");
    ConfigMap map = named(ConfigMap.class, volume.getConfigMap().getName());
    String config = map.getData().get("config.yml");
    assertNotNull(config, "ConfigMap " + map.getMetadata().getName() + " has config.yml");
    return config;
  }

  Volume volumeAt(String mountPath) {
    VolumeMount mount = container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath))
        .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    return volume(mount.getName());
  }

  private Volume volume(String name) {
    return pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("volume " + name + " is mounted but not declared"));
  }

  /** HF_TOKEN's Secret reference, or null when the Job has none. */
  SecretKeySelector hfTokenRef() {
    List<EnvVar> env = container().getEnv() == null ? List.of() : container().getEnv();
    return env.stream().filter(e -> e.getName().equals("HF_TOKEN")).findFirst()
        .map(e -> e.getValueFrom().getSecretKeyRef()).orElse(null);
  }

  /** The required pod-affinity terms on the zone. */
  List<PodAffinityTerm> sameZoneTerms() {
    var affinity = pod().getAffinity();
    if (affinity == null || affinity.getPodAffinity() == null) return List.of();
    List<PodAffinityTerm> terms = affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    return terms == null ? List.of() : terms.stream()
        .filter(t -> "topology.kubernetes.io/zone".equals(t.getTopologyKey())).toList();
  }

  /** Checks what every variant must satisfy; {@code namespace} is where the Job and what it uses live. */
  void assertRunnable(String namespace) throws IOException {
    Job job = job();
    assertEquals(namespace, job.getMetadata().getNamespace());
    for (HasMetadata object : objects) {
      if (!(object instanceof Namespace)) {
        assertEquals(namespace, object.getMetadata().getNamespace(), object.getKind() + " in the Job's namespace");
      }
    }
    PodSpec pod = pod();
    assertEquals("Never", pod.getRestartPolicy());
    boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    if (indexed) {
      assertEquals(0, job.getSpec().getBackoffLimitPerIndex(), "a load generator is not retried");
    } else {
      assertEquals(0, job.getSpec().getBackoffLimit(), "a benchmark is not retried");
    }
    Container container = container();
    assertEquals(List.of("inference-perf"), container.getCommand());
    assertEquals(List.of("--config_file", "/etc/config/config.yml"), indexed ? container.getArgs().subList(0, 2)
        : container.getArgs());
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root file system");
    assertTrue(pod.getSecurityContext().getRunAsNonRoot(), "runs as non-root");
    assertNotNull(volumeAt("/tmp").getEmptyDir(), "/tmp is an emptyDir (the JVM writes there)");
    assertNotNull(volumeAt("/workspace").getEmptyDir(), "/workspace is an emptyDir (reports)");
    assertNotNull(container.getResources().getRequests().get("memory"), "memory request");
    assertReferencesResolve();
    assertConfigLoads(configYaml());
  }

  /** Every volume, ConfigMap, Secret and ServiceAccount the Job names exists, or is an optional Secret ref. */
  private void assertReferencesResolve() {
    PodSpec pod = pod();
    List<Container> all = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) all.addAll(pod.getInitContainers());
    for (Container c : all) {
      for (VolumeMount mount : c.getVolumeMounts()) volume(mount.getName());
      if (c.getEnv() == null) continue;
      for (EnvVar e : c.getEnv()) {
        if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) continue;
        SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
        boolean present = all(Secret.class).stream().anyMatch(s -> s.getMetadata().getName().equals(ref.getName())
            && secretKeys(s).contains(ref.getKey()));
        assertTrue(present || Boolean.TRUE.equals(ref.getOptional()),
            "env " + e.getName() + " names Secret " + ref.getName() + " key " + ref.getKey()
                + ", which is neither in the manifests nor optional");
      }
    }
    for (Volume v : pod.getVolumes()) {
      if (v.getConfigMap() != null) named(ConfigMap.class, v.getConfigMap().getName());
    }
    String account = pod.getServiceAccountName();
    if (account != null && !account.equals("default")) named(ServiceAccount.class, account);
  }

  private static Set<String> secretKeys(Secret secret) {
    Set<String> keys = new java.util.HashSet<>();
    if (secret.getData() != null) keys.addAll(secret.getData().keySet());
    if (secret.getStringData() != null) keys.addAll(secret.getStringData().keySet());
    return keys;
  }

  /** The config loads with our loader, without a single problem (S3 storage included). */
  static void assertConfigLoads(String configYaml) throws IOException {
    Path file = Files.createTempFile("deploy-config", ".yml");
    try {
      Files.writeString(file, configYaml);
      LoadResult loaded = ConfigLoader.load(file, List.of(), Clock.systemUTC());
      assertTrue(loaded.problems().isEmpty(), "the deployed config does not load:\n" + loaded.formatProblems());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private String names() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.joining(", "));
  }

  /** Walks fabric8 model objects: any field the model did not know ends up in additionalProperties. */
  private static void assertNoUnknownFields(Object value, String path, Set<Object> seen) {
    if (value == null || !seen.add(value)) return;
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) assertNoUnknownFields(item, path + "[" + i++ + "]", seen);
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) assertNoUnknownFields(e.getValue(), path + "." + e.getKey(), seen);
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(path + "." + getter.getName(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        assertFalse(child instanceof Map<?, ?> extra && !extra.isEmpty(),
            "unknown fields at " + path + ": " + child);
      } else {
        assertNoUnknownFields(child, path + "." + getter.getName().substring(3), seen);
      }
    }
  }
}
