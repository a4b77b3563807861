package io.inferenceperf.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders every overlay in deploy/kustomize with a real kustomize (kubectl's built-in one; scripts/test-deps.sh
 * installs kubectl when it is missing), parses the output strictly into the Kubernetes model and checks what users
 * rely on: the Job in benchmarking, in the model server's zone (pod affinity to its labels, in its namespace), the
 * references resolving, and each overlay's own change.
 */
class KustomizeOverlaysTest {

  private static final Path OVERLAYS = Path.of("deploy", "kustomize", "overlays");

  @ParameterizedTest
  @ValueSource(strings = {"same-zone", "instance-type", "s3-irsa", "prometheus", "distributed"})
  void everyOverlayIsARunnableJobInTheModelServersZone(String overlay) throws Exception {
    Manifests manifests = Manifests.parse(kustomize(OVERLAYS.resolve(overlay)));
    assertEquals("benchmarking", manifests.one(Namespace.class).getMetadata().getName());
    manifests.assertRunnable("benchmarking");

    List<PodAffinityTerm> terms = manifests.sameZoneTerms();
    assertEquals(1, terms.size(), "one required same-zone term");
    PodAffinityTerm term = terms.get(0);
    assertEquals(Map.of("app.kubernetes.io/component", "qwen3-vllm"), term.getLabelSelector().getMatchLabels(),
        "the model server's labels only (no label of ours added to the selector)");
    // the term must look in the model server's namespace, the one its in-cluster URL names
    String serverHost = hostOf(nested(manifests.configYaml(), "server", "base_url"));
    assertEquals(List.of(serverHost.split("\\.")[1]), term.getNamespaces());

    SecretKeySelector token = manifests.hfTokenRef();
    assertEquals("hf-secret", token.getName(), "inference-perf's Secret name, so existing Secrets keep working");
    assertEquals("hf_api_token", token.getKey());
    assertTrue(token.getOptional(), "no token needed for public tokenizers");
  }

  @Test
  void instanceTypeOverlayPinsTheNodeType() throws Exception {
    Manifests manifests = Manifests.parse(kustomize(OVERLAYS.resolve("instance-type")));
    assertEquals(Map.of("node.kubernetes.io/instance-type", "m6i.2xlarge"), manifests.pod().getNodeSelector());
    assertEquals(1, manifests.sameZoneTerms().size(), "still in the model server's zone");
  }

  @Test
  void s3OverlayGivesTheServiceAccountARoleAndTheConfigABucket() throws Exception {
    Manifests manifests = Manifests.parse(kustomize(OVERLAYS.resolve("s3-irsa")));
    ServiceAccount account = manifests.named(ServiceAccount.class, manifests.pod().getServiceAccountName());
    String role = account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
    assertTrue(role != null && role.matches("arn:aws:iam::\\d{12}:role/.+"), "IRSA role annotation: " + role);
    assertEquals("my-benchmark-results",
        nested(manifests.configYaml(), "storage", "simple_storage_service", "bucket_name"));
    assertEquals(1, manifests.all(ConfigMap.class).size(), "the overlay's config replaces the base's");
  }

  @Test
  void prometheusOverlayNamesPrometheusInItsOwnNamespace() throws Exception {
    Manifests manifests = Manifests.parse(kustomize(OVERLAYS.resolve("prometheus")));
    String url = nested(manifests.configYaml(), "metrics", "prometheus", "url");
    String namespace = hostOf(url).split("\\.")[1];
    assertEquals("monitoring", namespace, "the Job runs in benchmarking: the URL must name Prometheus's namespace");
    assertEquals("prometheus", nested(manifests.configYaml(), "metrics", "type"));
  }

  @Test
  void distributedOverlayIsAnIndexedJobOfFourLoadGenerators() throws Exception {
    Manifests manifests = Manifests.parse(kustomize(OVERLAYS.resolve("distributed")));
    var job = manifests.job().getSpec();
    assertEquals("Indexed", job.getCompletionMode());
    assertEquals(4, job.getCompletions());
    assertEquals(4, job.getParallelism());
    assertEquals(0, job.getBackoffLimitPerIndex(), "an index is not retried");
    assertEquals(null, job.getBackoffLimit(), "one failed pod must not make the Job stop the others");
    List<String> args = manifests.container().getArgs();
    assertEquals("4", args.get(args.indexOf("--load.distributed.replicas") + 1), args.toString());
    assertEquals("/etc/config/config.yml", args.get(args.indexOf("--config_file") + 1));
    assertFalse(args.contains("--start-at"), "the pods agree on their start through the barrier");
    manifests.assertStartBarrierAllowed();
  }

  @Test
  void baseIsRunnableWithoutPlacement() throws Exception {
    Manifests manifests = Manifests.parse(kustomize(Path.of("deploy", "kustomize", "base")));
    manifests.assertRunnable("benchmarking");
    assertEquals(List.of(), manifests.sameZoneTerms());
  }

  static String hostOf(String url) {
    return java.net.URI.create(url).getHost();
  }

  @SuppressWarnings("unchecked")
  static String nested(String yaml, String... keys) {
    Object node = new Yaml().load(yaml);
    for (String key : keys) {
      node = ((Map<String, Object>) node).get(key);
    }
    return String.valueOf(node);
  }

  /** Each folder's rendering, made once per class: every render is a kubectl process. */
  private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

  private static String kustomize(Path dir) throws IOException, InterruptedException {
    String rendered = RENDERED.get(dir);
    if (rendered == null) {
      rendered = render(dir);
      RENDERED.put(dir, rendered);
    }
    return rendered;
  }

  private static String render(Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize", ".yaml");
    Path err = Files.createTempFile("kustomize", ".err");
    try {
      Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
      }
      assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + ":\n" + Files.readString(err));
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("kubectl is needed to render deploy/kustomize: run scripts/test-deps.sh", e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
