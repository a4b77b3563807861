package io.inferenceperf.deploy;

import static io.inferenceperf.deploy.KustomizeOverlaysTest.nested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart in deploy/helm/inference-perf, linted and rendered by Helm's own code (helm-java runs it in-process),
 * the output parsed strictly into the Kubernetes model. Besides the checks every variant shares, it checks the
 * defects of inference-perf's chart (spec 9.3) are absent: the token Secret is made whenever a token is given and
 * the Job's reference names it and its key; no init container whose mounts do not match (and no duplicate keys,
 * which the strict parse rejects); and the values users set (target labels, instance type, S3, service account).
 */
class HelmChartTest {

  private static final Path CHART = Path.of("deploy", "helm", "inference-perf");

  @TempDir Path dir;

  @Test
  void lintsCleanlyInStrictMode() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }

  @Test
  void defaultsRenderARunnableJobWithoutATokenReference() throws Exception {
    Manifests manifests = render("");
    manifests.assertRunnable("benchmarking");
    assertNull(manifests.hfTokenRef(), "no token given: no reference to a Secret that does not exist");
    assertEquals(List.of(), manifests.all(Secret.class));
    assertEquals("inference-perf:0.1.0-SNAPSHOT", manifests.container().getImage(), "tag defaults to appVersion");
    // inference-perf's chart copies datasets with init containers whose mounts do not match; ours has none
    assertTrue(manifests.pod().getInitContainers().isEmpty());
  }

  @Test
  void targetLabelsPlaceTheJobInTheModelServersZone() throws Exception {
    Manifests manifests = render("""
        targetLabels: {app.kubernetes.io/component: qwen3-vllm}
        targetNamespace: inference
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]
        """);
    manifests.assertRunnable("benchmarking");
    List<PodAffinityTerm> terms = manifests.sameZoneTerms();
    assertEquals(1, terms.size());
    assertEquals(Map.of("app.kubernetes.io/component", "qwen3-vllm"), terms.get(0).getLabelSelector().getMatchLabels());
    assertEquals(List.of("inference"), terms.get(0).getNamespaces());
    assertEquals(1, manifests.pod().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().size(), "the user's own affinity is kept beside the same-zone rule");
  }

  @Test
  void preferredPlacementIsAWeightedTermNotARequiredOne() throws Exception {
    Manifests manifests = render("""
        targetLabels: {app: qwen3-vllm}
        targetAffinityPreferred: true
        """);
    manifests.assertRunnable("benchmarking");
    assertEquals(List.of(), manifests.sameZoneTerms());
    var preferred = manifests.pod().getAffinity().getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertEquals(1, preferred.size());
    assertEquals("topology.kubernetes.io/zone", preferred.get(0).getPodAffinityTerm().getTopologyKey());
    assertEquals(Map.of("app", "qwen3-vllm"), preferred.get(0).getPodAffinityTerm().getLabelSelector()
        .getMatchLabels());
  }

  @Test
  void aGivenTokenMakesTheSecretTheJobReads() throws Exception {
    Manifests manifests = render("hfToken: {value: hf_abc123}");
    manifests.assertRunnable("benchmarking");
    SecretKeySelector ref = manifests.hfTokenRef();
    Secret secret = manifests.named(Secret.class, ref.getName());
    String stored = secret.getData().get(ref.getKey());
    assertEquals("hf_abc123", new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8));
  }

  @Test
  void anExistingSecretIsReferencedNotMade() throws Exception {
    Manifests manifests = render("hfToken: {existingSecret: hf-secret, key: hf_api_token}");
    assertEquals(List.of(), manifests.all(Secret.class));
    assertEquals("hf-secret", manifests.hfTokenRef().getName());
    assertEquals("hf_api_token", manifests.hfTokenRef().getKey());
  }

  @Test
  void s3ValuesGoIntoTheConfigAndTheServiceAccountsRole() throws Exception {
    Manifests manifests = render("""
        s3: {bucket: results-bucket, path: runs/qwen3, roleArn: "arn:aws:iam::111122223333:role/bench"}
        serviceAccount: {annotations: {team: perf}}
        """);
    manifests.assertRunnable("benchmarking");
    String config = manifests.configYaml();
    assertEquals("results-bucket", nested(config, "storage", "simple_storage_service", "bucket_name"));
    assertEquals("runs/qwen3", nested(config, "storage", "simple_storage_service", "path"));
    assertEquals("reports-{timestamp}", nested(config, "storage", "local_storage", "path"), "the rest is kept");
    ServiceAccount account = manifests.named(ServiceAccount.class, manifests.pod().getServiceAccountName());
    assertEquals(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/bench", "team", "perf"),
        account.getMetadata().getAnnotations());
  }

  @Test
  void instanceTypeAndNodeSelectorMerge() throws Exception {
    Manifests manifests = render("""
        instanceType: m6i.2xlarge
        nodeSelector: {pool: cpu}
        resources: {requests: {cpu: "6", memory: 4Gi}, limits: {memory: 4Gi}}
        """);
    assertEquals(Map.of("node.kubernetes.io/instance-type", "m6i.2xlarge", "pool", "cpu"),
        manifests.pod().getNodeSelector());
    assertEquals("6", manifests.container().getResources().getRequests().get("cpu").toString());
  }

  @Test
  void aConfigFileGivenAsAStringIsUsedAsIsAndChangesThePodSpec() throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, """
        api: {type: chat, streaming: true}
        server: {type: vllm, model_name: m, base_url: "http://llama.serving:8000"}
        load: {type: poisson, stages: [{rate: 3, duration: 60}]}
        """);
    Manifests fromFile = Manifests.parse(new Helm(CHART).template().withName("bench").withNamespace("benchmarking")
        .setFile("config", config).call());
    fromFile.assertRunnable("benchmarking");
    assertEquals("http://llama.serving:8000", nested(fromFile.configYaml(), "server", "base_url"));
    Manifests defaults = render("");
    assertNotEquals(annotation(defaults), annotation(fromFile), "a new config is a new pod template");
    assertTrue(fromFile.job().getMetadata().getName().startsWith("bench"));
  }

  @Test
  void aConfigGivenAsAMapReplacesTheExampleInsteadOfMergingIntoIt() throws Exception {
    Manifests manifests = render("""
        config:
          api: {type: chat, streaming: true}
          server: {type: sglang, model_name: m, base_url: "http://sglang.serving:30000"}
          load: {type: constant, stages: [{rate: 2, duration: 30}]}
        """);
    manifests.assertRunnable("benchmarking");
    String config = manifests.configYaml();
    assertEquals("sglang", nested(config, "server", "type"));
    assertEquals("null", nested(config, "tokenizer"), "the example's tokenizer is not merged in:\n" + config);
    assertEquals("null", nested(config, "data"), config);
  }

  @Test
  void serviceAccountCanBeAnExistingOne() throws Exception {
    Manifests manifests = render("serviceAccount: {create: false, name: benchmarker}");
    assertEquals(List.of(), manifests.all(ServiceAccount.class));
    assertEquals("benchmarker", manifests.pod().getServiceAccountName());
  }

  @Test
  void replicasMakeAnIndexedJobWhosePodsShareTheRunAndStartTogether() throws Exception {
    Manifests manifests = render("""
        replicas: 3
        distributed: {startAt: "2026-12-06T10:00:00Z"}
        """);
    manifests.assertRunnable("benchmarking");
    var job = manifests.job().getSpec();
    assertEquals("Indexed", job.getCompletionMode());
    assertEquals(3, job.getCompletions());
    assertEquals(3, job.getParallelism());
    assertEquals(0, job.getBackoffLimitPerIndex(), "an index is not retried");
    assertNull(job.getBackoffLimit(), "one failed pod must not make the Job stop the others");
    assertEquals(List.of("--config_file", "/etc/config/config.yml", "--load.distributed.replicas", "3", "--start-at",
        "2026-12-06T10:00:00Z"), manifests.container().getArgs());
    manifests.assertStartBarrierAllowed();
  }

  @Test
  void oneReplicaIsAPlainJobWithoutACommonStart() throws Exception {
    Manifests manifests = render("");
    assertNull(manifests.job().getSpec().getCompletionMode());
    assertEquals(0, manifests.job().getSpec().getBackoffLimit());
    assertEquals(List.of("--config_file", "/etc/config/config.yml"), manifests.container().getArgs());
    Manifests startOnly = render("replicas: 2");
    assertEquals(List.of("--config_file", "/etc/config/config.yml", "--load.distributed.replicas", "2"),
        startOnly.container().getArgs(), "no startAt: the pods agree on their start through the barrier");
    startOnly.assertStartBarrierAllowed();
    assertEquals(List.of(), manifests.all(io.fabric8.kubernetes.api.model.rbac.Role.class), "one pod: no barrier");
  }

  private static String annotation(Manifests manifests) {
    return manifests.job().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
  }

  private Manifests render(String values) throws Exception {
    Path file = Files.writeString(dir.resolve("values-" + System.nanoTime() + ".yaml"), values);
    return Manifests.parse(new Helm(CHART).template().withName("bench").withNamespace("benchmarking")
        .withValuesFile(file).call());
  }
}
