package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.inferenceperf.kubernetes.JobRunner;
import io.inferenceperf.kubernetes.MockKubernetes;
import io.inferenceperf.kubernetes.ResultsBundle;
import io.inferenceperf.testkit.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s job}: the printed YAML, and {@code --apply} against fabric8's mock Kubernetes API server in CRUD mode.
 * A mock because no real API server can run on the build machines; it runs no controllers, so this test plays the
 * Job controller (it creates the Job's pod) and the kubelet (the pod's phase), and serves the pod's log through an
 * expectation (the CRUD mode does not answer log reads).
 */
class KubernetesCommandTest {
  private static final String LABELS = "app.kubernetes.io/component=qwen3-vllm";
  private static final Map<String, String> TARGET = Map.of("app.kubernetes.io/component", "qwen3-vllm");
  private static final JobRunner.Timing FAST =
      new JobRunner.Timing(Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(30));

  @TempDir Path dir;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = MockKubernetes.start();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private Path config() throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, """
        api:
          type: completion
          streaming: true
        server:
          type: vllm
          model_name: qwen3-8b
          base_url: http://qwen3-vllm.default:8000
        load:
          type: constant
          stages:
            - rate: 1
              duration: 5
        """);
    return config;
  }

  private int run(String... args) {
    return new KubernetesCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), () -> server.createClient(), FAST).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void node(String name, String zone) {
    Node node = new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("topology.kubernetes.io/zone", zone, "topology.kubernetes.io/region", "us-east-1",
            "node.kubernetes.io/instance-type", "g5.xlarge"))
        .endMetadata().build();
    client.nodes().resource(node).create();
  }

  private void modelPod(String name, String nodeName) {
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(TARGET)
        .endMetadata().withNewSpec().withNodeName(nodeName).endSpec().withNewStatus().withPhase("Running")
        .endStatus().build();
    client.pods().inNamespace("default").resource(pod).create();
  }

  @Test
  void printsTheManifestsWithTheTargetNamespaceFromTheBaseUrl() throws Exception {
    assertEquals(0, run("job", "-c", config().toString(), "--target-labels", LABELS, "--instance-type",
        "m6i.2xlarge"));
    String yaml = out();
    assertTrue(yaml.contains("kind: \"Job\"") || yaml.contains("kind: Job"), yaml);
    assertTrue(yaml.contains("topology.kubernetes.io/zone"), yaml);
    assertTrue(yaml.contains("m6i.2xlarge"), yaml);
    assertTrue(yaml.contains("- \"default\"") || yaml.contains("- default"), "the model server's namespace\n" + yaml);
  }

  @Test
  void localFilesTheConfigNamesAreWarnedAbout() throws Exception {
    Path data = Files.writeString(dir.resolve("sharegpt.json"), "[]");
    Path config = Files.writeString(dir.resolve("c.yml"), "server: {type: vllm, model_name: m, base_url: "
        + "\"http://qwen3-vllm.default:8000\"}\ndata: {type: shareGPT, path: " + data + "}\n"
        + "load: {stages: [{rate: 1, duration: 1}]}\n");
    assertEquals(0, run("job", "-c", config.toString(), "--target-labels", LABELS));
    assertTrue(err().contains("data.path names " + data + ", a file on this machine"), err());
  }

  @Test
  void badLabelsAndMissingFlagsAreConfigurationErrors() throws Exception {
    assertEquals(2, run("job", "-c", config().toString()));
    assertTrue(err().contains("--target-labels is required"), err());
    assertEquals(2, run("job", "-c", config().toString(), "--target-labels", "app"));
    assertTrue(err().contains("not key=value"), err());
    assertEquals(2, run("job", "-c", config().toString(), "--target-labels", LABELS, "--bogus", "x"));
    assertTrue(err().contains("unknown option --bogus"), err());
  }

  @Test
  void applyRunsTheJobStreamsTheLogBringsTheResultsBackAndDeletesTheJob() throws Exception {
    node("gpu-1", "us-east-1a");
    node("cpu-1", "us-east-1a");
    modelPod("qwen3-vllm-0", "gpu-1");
    Path reports = dir.resolve("pod/reports-20260101-000000");
    Files.createDirectories(reports.resolve("sub"));
    Files.writeString(reports.resolve("summary_lifecycle_metrics.json"), "{\"successes\": 5}");
    byte[] binary = new byte[3000];
    for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 31);
    Files.write(reports.resolve("sub/results.jsonl.gz"), binary);
    ByteArrayOutputStream podLog = new ByteArrayOutputStream();
    PrintStream podOut = new PrintStream(podLog, true, StandardCharsets.UTF_8);
    podOut.println("Stage 0: 5 requests");
    ResultsBundle.print(reports, podOut);
    podOut.println("done");
    server.expect().get().withPath("/api/v1/namespaces/benchmarking/pods/bench-abcde/log?pretty=false&follow=true")
        .andReturn(200, podLog.toString(StandardCharsets.UTF_8)).always();

    AtomicReference<Job> seenJob = new AtomicReference<>();
    Thread controller = Thread.ofVirtual().start(() -> playJobController(seenJob));
    Path local = dir.resolve("local");
    int code = run("job", "-c", config().toString(), "--target-labels", LABELS, "--name", "bench", "--apply",
        "--output", local.toString());
    controller.join(Duration.ofSeconds(30));
    assertEquals(0, code, out() + err());

    assertNotNull(seenJob.get(), "the Job was created");
    assertEquals(TARGET, seenJob.get().getSpec().getTemplate().getSpec().getAffinity().getPodAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().get(0).getLabelSelector().getMatchLabels());
    assertTrue(out().contains("zone us-east-1a"), out());
    assertTrue(out().contains("Stage 0: 5 requests") && out().contains("done"), "the log is streamed\n" + out());
    assertTrue(!out().contains(ResultsBundle.BEGIN), "the bundle is not printed");
    Path back = local.resolve("reports-20260101-000000");
    assertEquals("{\"successes\": 5}", Files.readString(back.resolve("summary_lifecycle_metrics.json")));
    assertTrue(java.util.Arrays.equals(binary, Files.readAllBytes(back.resolve("sub/results.jsonl.gz"))));
    assertNull(client.batch().v1().jobs().inNamespace("benchmarking").withName("bench").get(), "Job deleted");
    assertNull(client.configMaps().inNamespace("benchmarking").withName("bench-config").get(), "ConfigMap deleted");
  }

  /**
   * The whole path with a real pod log: the benchmark runs in a child JVM as the Job's container would (working
   * directory, relative report folder, INFERENCE_PERF_RESULTS_TO_LOG=true, stdout captured as the log), that log is
   * the pod's log in the mock API server, and --apply must bring back the very report folder the run wrote.
   */
  @Test
  void aRealRunsLogCarriesItsReportFolderBack() throws Exception {
    node("gpu-1", "us-east-1a");
    modelPod("qwen3-vllm-0", "gpu-1");
    Path workDir = Files.createDirectories(dir.resolve("container"));
    Files.writeString(workDir.resolve("config.yml"), """
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
        load: {type: constant, stages: [{rate: 10, duration: 0.3}]}
        storage: {local_storage: {path: reports-pod}}
        """);
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.main(List.of(), "--config_file", "config.yml"))
        .directory(workDir.toFile()).redirectOutput(dir.resolve("pod.log").toFile())
        .redirectError(dir.resolve("pod.err").toFile());
    builder.environment().put("INFERENCE_PERF_RESULTS_TO_LOG", "true");
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run finished");
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), Files.readString(dir.resolve("pod.err")));
    server.expect().get().withPath("/api/v1/namespaces/benchmarking/pods/bench-abcde/log?pretty=false&follow=true")
        .andReturn(200, Files.readString(dir.resolve("pod.log"))).always();
    AtomicReference<Job> seenJob = new AtomicReference<>();
    Thread controller = Thread.ofVirtual().start(() -> playJobController(seenJob));
    Path local = dir.resolve("local");
    int code = run("job", "-c", config().toString(), "--target-labels", LABELS, "--name", "bench", "--apply",
        "--output", local.toString());
    controller.join(Duration.ofSeconds(30));
    assertEquals(0, code, out() + err());
    Path written = workDir.resolve("reports-pod");
    Path back = local.resolve("reports-pod");
    try (var files = Files.walk(written)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertTrue(all.size() >= 3, all.toString());
      for (Path file : all) {
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(file),
            Files.readAllBytes(back.resolve(written.relativize(file)))), file.toString());
      }
    }
    assertTrue(out().contains("results copied to"), out());
  }

  /** What the cluster would do: once the Job exists, its pod appears Pending, then runs and succeeds. */
  private void playJobController(AtomicReference<Job> seen) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && seen.get() == null) {
      seen.set(client.batch().v1().jobs().inNamespace("benchmarking").withName("bench").get());
      sleep(20);
    }
    if (seen.get() == null) return;
    assertNotNull(client.configMaps().inNamespace("benchmarking").withName("bench-config").get());
    Pod pod = new PodBuilder().withNewMetadata().withName("bench-abcde").withNamespace("benchmarking")
        .withLabels(Map.of("job-name", "bench")).endMetadata().withNewSpec().withNodeName("cpu-1").endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build();
    client.pods().inNamespace("benchmarking").resource(pod).create();
    sleep(100);
    pod.getStatus().setPhase("Succeeded");
    client.pods().inNamespace("benchmarking").resource(pod).updateStatus();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void applyWithNoMatchingPodsSaysHowToFindTheLabels() throws Exception {
    node("gpu-1", "us-east-1a");
    assertEquals(2, run("job", "-c", config().toString(), "--target-labels", LABELS, "--apply"));
    assertTrue(err().contains("no pod in namespace default has the labels " + LABELS), err());
    assertTrue(err().contains("kubectl get deployment NAME -n default -o jsonpath='{.spec.template.metadata.labels}'"),
        err());
    assertNull(client.batch().v1().jobs().inNamespace("benchmarking").withName("inference-perf").get(),
        "nothing created");
  }

  @Test
  void applyWithPodsInTwoZonesRefusesAndNamesThem() throws Exception {
    node("gpu-1", "us-east-1a");
    node("gpu-2", "us-east-1b");
    modelPod("qwen3-vllm-0", "gpu-1");
    modelPod("qwen3-vllm-1", "gpu-2");
    assertEquals(2, run("job", "-c", config().toString(), "--target-labels", LABELS, "--apply"));
    assertTrue(err().contains("run in 2 zones"), err());
    assertTrue(err().contains("us-east-1a: qwen3-vllm-0") && err().contains("us-east-1b: qwen3-vllm-1"), err());
    assertTrue(err().contains("--allow-zones"), err());
    assertEquals(List.of(), client.batch().v1().jobs().inNamespace("benchmarking").list().getItems());
  }
}
