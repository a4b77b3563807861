package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.inferenceperf.kubernetes.JobRunner;
import io.inferenceperf.kubernetes.MockKubernetes;
import io.inferenceperf.testkit.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s job --replicas 2}: the Indexed Job it prints, and {@code --apply} against fabric8's mock Kubernetes API
 * server in CRUD mode (a mock: no real API server can run on the build machines; it runs no controllers, so the test
 * plays the Job controller and the kubelet). The pods' logs are real: the container's arguments, read from the
 * printed Job, run once per completion index in child JVMs against the simulator, with JOB_COMPLETION_INDEX and the
 * results bundle on, and their stdout is what the mock serves as each pod's log.
 */
class KubernetesDistributedTest {
  private static final String LABELS = "app.kubernetes.io/component=qwen3-vllm";
  private static final JobRunner.Timing FAST =
      new JobRunner.Timing(Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(30));
  private static final String CONFIG = """
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
      load: {type: constant, stages: [{rate: 20, duration: 0.5}]}
      storage: {local_storage: {path: reports-pod}}
      """;

  @TempDir static Path shared;
  /** Each pod's log, by completion index, from {@link #runThePodsOfTheIndexedJob}. */
  private static final List<String> POD_LOGS = new ArrayList<>();
  private static List<String> containerArgs;

  @TempDir Path dir;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void runThePodsOfTheIndexedJob() throws Exception {
    Path config = Files.writeString(shared.resolve("config.yml"), CONFIG);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code = new KubernetesCommand(new PrintStream(printed, true, StandardCharsets.UTF_8), System.err).run(
        new String[] {"job", "-c", config.toString(), "--target-labels", LABELS, "--target-namespace", "default",
            "--name", "bench", "--replicas", "2", "--start-lead", "4"});
    assertEquals(0, code);
    containerArgs = job(printed.toString(StandardCharsets.UTF_8)).getSpec().getTemplate().getSpec().getContainers()
        .get(0).getArgs();
    List<Process> pods = new ArrayList<>();
    for (int index = 0; index < 2; index++) pods.add(startPod(index));
    for (int index = 0; index < 2; index++) {
      Process pod = pods.get(index);
      try {
        assertTrue(pod.waitFor(180, TimeUnit.SECONDS), "pod " + index + " finished");
      } finally {
        pod.destroyForcibly();
      }
      assertEquals(0, pod.exitValue(), Files.readString(shared.resolve("pod-" + index + ".err")));
      POD_LOGS.add(Files.readString(shared.resolve("pod-" + index + ".log")));
    }
  }

  /** The container as the Job's pod with that completion index runs it: its working directory, args and env. */
  private static Process startPod(int index) throws Exception {
    Path workDir = Files.createDirectories(shared.resolve("container-" + index));
    Files.writeString(workDir.resolve("config.yml"), CONFIG);
    List<String> command = new ArrayList<>(ChildJvm.main(List.of()));
    for (String arg : containerArgs) command.add(arg.equals("/etc/config/config.yml") ? "config.yml" : arg);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(shared.resolve("pod-" + index + ".log").toFile())
        .redirectError(shared.resolve("pod-" + index + ".err").toFile());
    builder.environment().put("INFERENCE_PERF_RESULTS_TO_LOG", "true");
    builder.environment().put("JOB_COMPLETION_INDEX", Integer.toString(index));
    return builder.start();
  }

  private static Job job(String yaml) {
    for (String doc : yaml.split("(?m)^---$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
      HasMetadata object = Serialization.unmarshal(doc);
      if (object instanceof Job job) return job;
    }
    throw new AssertionError("no Job in\n" + yaml);
  }

  @BeforeEach
  void start() {
    server = MockKubernetes.start();
    client = server.createClient();
    Node node = new NodeBuilder().withNewMetadata().withName("gpu-1")
        .withLabels(Map.of("topology.kubernetes.io/zone", "us-east-1a")).endMetadata().build();
    client.nodes().resource(node).create();
    Pod model = new PodBuilder().withNewMetadata().withName("qwen3-vllm-0").withNamespace("default")
        .withLabels(Map.of("app.kubernetes.io/component", "qwen3-vllm")).endMetadata().withNewSpec()
        .withNodeName("gpu-1").endSpec().withNewStatus().withPhase("Running").endStatus().build();
    client.pods().inNamespace("default").resource(model).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
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

  @Test
  void printsAnIndexedJobWhosePodsShareTheRunAndStartTogether() throws Exception {
    Instant before = Instant.now();
    assertEquals(0, run("job", "-c", shared.resolve("config.yml").toString(), "--target-labels", LABELS,
        "--target-namespace", "default", "--replicas", "3", "--start-lead", "120"));
    Job job = job(out());
    assertEquals("Indexed", job.getSpec().getCompletionMode());
    assertEquals(3, job.getSpec().getCompletions());
    assertEquals(3, job.getSpec().getParallelism());
    assertEquals(0, job.getSpec().getBackoffLimitPerIndex(), "an index is not retried");
    assertNull(job.getSpec().getBackoffLimit(), "one failed pod must not stop the others");
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertEquals("3", args.get(args.indexOf("--load.distributed.replicas") + 1), args.toString());
    Instant startAt = Instant.parse(args.get(args.indexOf("--start-at") + 1));
    assertFalse(startAt.isBefore(before.plusSeconds(119)), startAt + " vs " + before);
    assertFalse(startAt.isAfter(Instant.now().plusSeconds(121)), startAt.toString());
    assertTrue(out().contains("# Indexed Job: 3 load generators"), out());
  }

  @Test
  void byDefaultThePodsAgreeOnTheirStartThroughTheBarrierWithTheRightsItNeeds() throws Exception {
    assertEquals(0, run("job", "-c", shared.resolve("config.yml").toString(), "--target-labels", LABELS,
        "--target-namespace", "default", "--replicas", "3"));
    Job job = job(out());
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    assertFalse(args.contains("--start-at"), "no instant fixed in advance: " + args);
    List<String> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .map(io.fabric8.kubernetes.api.model.EnvVar::getName).toList();
    assertTrue(env.containsAll(List.of("POD_NAME", "POD_NAMESPACE")), env.toString());
    io.fabric8.kubernetes.api.model.rbac.Role role = null;
    io.fabric8.kubernetes.api.model.rbac.RoleBinding binding = null;
    for (String doc : out().split("(?m)^---$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
      HasMetadata object = Serialization.unmarshal(doc);
      if (object instanceof io.fabric8.kubernetes.api.model.rbac.Role r) role = r;
      if (object instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding b) binding = b;
    }
    assertEquals("benchmarking", role.getMetadata().getNamespace());
    assertEquals(List.of("get", "create", "update"), role.getRules().get(0).getVerbs());
    assertEquals(List.of("configmaps"), role.getRules().get(0).getResources());
    assertEquals(List.of("get", "list"), role.getRules().get(1).getVerbs());
    assertEquals(List.of("pods"), role.getRules().get(1).getResources());
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals("inference-perf", binding.getSubjects().get(0).getName(), "the Job's ServiceAccount");
    assertTrue(out().contains("start barrier"), out());
  }

  @Test
  void distributedConfigsThatNoPodCouldRunAreRefused() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yml"), """
        server: {type: simulator}
        load: {type: concurrent, stages: [{concurrency_level: 2, num_requests: 10}]}
        """);
    assertEquals(2, run("job", "-c", config.toString(), "--target-labels", LABELS, "--replicas", "4"));
    assertTrue(err().contains("concurrency_level (2) is below load.distributed.replicas (4)"), err());
    Path indexed = Files.writeString(dir.resolve("i.yml"), """
        server: {type: simulator}
        load: {type: constant, stages: [{rate: 1, duration: 1}], distributed: {replicas: 2, index: 1}}
        """);
    assertEquals(2, run("job", "-c", indexed.toString(), "--target-labels", LABELS));
    assertTrue(err().contains("load.distributed.index is set in the config"), err());
    assertEquals(2, run("job", "-c", shared.resolve("config.yml").toString(), "--target-labels", LABELS,
        "--replicas", "0"));
    assertTrue(err().contains("--replicas '0' is not a whole number from 1 to 1000"), err());
  }

  @Test
  void applyFollowsEveryPodBringsBothReportFoldersBackMergesThemAndDeletesTheJob() throws Exception {
    serveLog("bench-0", POD_LOGS.get(0));
    serveLog("bench-1", POD_LOGS.get(1));
    Thread controller = Thread.ofVirtual().start(() -> playJobController(0, 0));
    Path local = dir.resolve("local");
    int code = run("job", "-c", shared.resolve("config.yml").toString(), "--target-labels", LABELS,
        "--target-namespace", "default", "--name", "bench", "--replicas", "2", "--apply", "--output",
        local.toString());
    controller.join(Duration.ofSeconds(30));
    assertEquals(0, code, out() + err());

    assertTrue(out().contains("[replica 0] ") && out().contains("[replica 1] "), "both logs streamed\n" + out());
    for (int index = 0; index < 2; index++) {
      Path back = local.resolve("replica-" + index);
      Path written = shared.resolve("container-" + index + "/reports-pod/replica-" + index);
      try (var files = Files.list(written)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertTrue(java.util.Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(back.resolve(
              file.getFileName()))), file.toString());
        }
      }
    }
    JsonNode summary = summary(local.resolve("merged"));
    assertEquals(2, summary.get("load_generators").size(), summary.toPrettyString());
    assertEquals(10, requests(local.resolve("replica-0")) + requests(local.resolve("replica-1")),
        "the two shares make the planned 20/s x 0.5 s");
    assertEquals(10, requests(local.resolve("merged")), summary.toPrettyString());
    assertEquals(10.0, requestedRate(local.resolve("replica-0")), "each load generator is asked for its share");
    assertEquals(20.0, requestedRate(local.resolve("merged")), "the shares add up to the stage's rate");
    assertTrue(out().contains("merged report of 2 of 2 replicas"), out());
    assertFalse(out().contains("only after the agreed start"), "90 s of lead by default\n" + out());
    assertFalse(err().contains("Missing from the merge"), err());
    assertNull(client.batch().v1().jobs().inNamespace("benchmarking").withName("bench").get(), "Job deleted");
  }

  @Test
  void aFailedPodIsNamedAndTheOthersResultsAreStillMerged() throws Exception {
    serveLog("bench-0", POD_LOGS.get(0));
    serveLog("bench-1", "Exception: the tokenizer could not be loaded\n");
    Thread controller = Thread.ofVirtual().start(() -> playJobController(0, 1));
    Path local = dir.resolve("local");
    // no lead at all: the pods run only after the agreed start, which the command must say
    int code = run("job", "-c", shared.resolve("config.yml").toString(), "--target-labels", LABELS,
        "--target-namespace", "default", "--name", "bench", "--replicas", "2", "--start-lead", "0", "--apply",
        "--output", local.toString());
    controller.join(Duration.ofSeconds(30));
    assertEquals(1, code, out() + err());
    assertTrue(err().contains("replica 1 (pod bench-1) failed with status 1 and returned no results"), err());
    assertTrue(err().contains("Missing from the merge: replica 1 of 2"), err());
    assertTrue(out().contains("merged report of 1 of 2 replicas") && out().contains("missing: replica 1"), out());
    assertTrue(out().contains("[replica 1] Exception: the tokenizer could not be loaded"), out());
    assertTrue(out().contains("only after the agreed start") && out().contains("--start-lead"), out());
    JsonNode summary = summary(local.resolve("merged"));
    JsonNode generators = summary.get("load_generators");
    assertEquals(2, generators.size(), summary.toPrettyString());
    assertEquals("replica 0 of 2", generators.get(0).get("load_generator").asText());
    assertEquals("completed", generators.get(0).get("status").asText());
    assertEquals("replica 1 of 2", generators.get(1).get("load_generator").asText());
    assertEquals("missing", generators.get(1).get("status").asText(), "the merge says which replica is missing");
    assertEquals(requests(local.resolve("replica-0")), requests(local.resolve("merged")));
    assertNull(client.batch().v1().jobs().inNamespace("benchmarking").withName("bench").get(), "Job deleted");
  }

  @Test
  void aReplicaWhoseLogLostItsResultsIsFetchedFromTheBucketItUploadedTo() throws Exception {
    io.inferenceperf.storage.S3Testing.useTestCredentials();
    io.inferenceperf.storage.S3MockProcess s3 = io.inferenceperf.storage.S3MockProcess.shared();
    String bucket = "apply-" + System.nanoTime() % 100_000;
    String storage = "storage: {simple_storage_service: {bucket_name: %s, endpoint_url: %s, path: runs/x}}\n"
        .formatted(bucket, s3.endpoint());
    Path config = Files.writeString(dir.resolve("s3.yml"), CONFIG.replace("storage: {local_storage: {path:"
        + " reports-pod}}\n", "") + storage);
    try (software.amazon.awssdk.services.s3.S3Client fixture = io.inferenceperf.storage.S3Testing.fixtureClient(s3)) {
      fixture.createBucket(b -> b.bucket(bucket));
    }
    // replica 1 as its pod ran it: uploaded to the bucket, but its log (rotated by the kubelet) lost the bundle
    assertEquals(0, Cli.run(new String[] {"-c", config.toString(), "--storage.local_storage.path",
        dir.resolve("pod-1").toString(), "--load.distributed.replicas", "2", "--index", "1"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    client.configMaps().inNamespace("benchmarking").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("bench-start-0a1b2c3d").withNamespace("benchmarking")
        .addToLabels("app.kubernetes.io/component", "start-barrier").addNewOwnerReference().withApiVersion("batch/v1")
        .withKind("Job").withName("bench").withUid("0a1b2c3d-0000").endOwnerReference().endMetadata()
        .addToData("done.1", "s3://" + bucket + "/runs/x/replica-1/").build()).create();
    serveLog("bench-0", POD_LOGS.get(0));
    serveLog("bench-1", "... the log was rotated; its start is gone\n");
    Thread controller = Thread.ofVirtual().start(() -> playJobController(0, 0));
    Path local = dir.resolve("local");
    int code = run("job", "-c", config.toString(), "--target-labels", LABELS, "--target-namespace", "default",
        "--name", "bench", "--replicas", "2", "--apply", "--output", local.toString());
    controller.join(Duration.ofSeconds(30));
    assertEquals(0, code, out() + err());
    assertTrue(out().contains("fetched from s3://" + bucket + "/runs/x/replica-1/"), out());
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("pod-1/replica-1/results.jsonl.gz")),
        Files.readAllBytes(local.resolve("replica-1/results.jsonl.gz"))), "the uploaded results, whole");
    JsonNode summary = summary(local.resolve("merged"));
    assertEquals(2, summary.get("load_generators").size(), summary.toPrettyString());
    assertEquals(10, requests(local.resolve("merged")), "both shares of 20/s x 0.5 s");
    assertTrue(out().contains("merged report of 2 of 2 replicas"), out());
  }

  private void serveLog(String pod, String log) {
    server.expect().get().withPath("/api/v1/namespaces/benchmarking/pods/" + pod + "/log?pretty=false&follow=true")
        .andReturn(200, log).always();
  }

  private static JsonNode summary(Path folder) throws Exception {
    return new ObjectMapper().readTree(folder.resolve("summary_lifecycle_metrics.json").toFile());
  }

  private static double requestedRate(Path folder) throws Exception {
    JsonNode stage = new ObjectMapper().readTree(folder.resolve("stage_0_lifecycle_metrics.json").toFile());
    return stage.get("load_summary").get("requested_rate").asDouble();
  }

  private static long requests(Path replicaFolder) throws Exception {
    JsonNode summary = summary(replicaFolder);
    return summary.get("load_summary").get("count").asLong();
  }

  /** The Job controller and kubelet: once the Job exists, one pod per index, Pending, then ended with its status. */
  private void playJobController(int... exitCodes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Job job = null;
    while (System.nanoTime() < deadline && job == null) {
      job = client.batch().v1().jobs().inNamespace("benchmarking").withName("bench").get();
      sleep(20);
    }
    if (job == null) return;
    List<Pod> pods = new ArrayList<>();
    for (int index = 0; index < exitCodes.length; index++) {
      Pod pod = new PodBuilder().withNewMetadata().withName("bench-" + index).withNamespace("benchmarking")
          .withLabels(Map.of("job-name", "bench"))
          .withAnnotations(Map.of("batch.kubernetes.io/job-completion-index", Integer.toString(index)))
          .endMetadata().withNewSpec().withNodeName("cpu-" + index).endSpec()
          .withNewStatus().withPhase("Pending").endStatus().build();
      pods.add(client.pods().inNamespace("benchmarking").resource(pod).create());
    }
    sleep(100);
    for (int index = 0; index < exitCodes.length; index++) {
      Pod pod = pods.get(index);
      int exit = exitCodes[index];
      pod.getStatus().setPhase(exit == 0 ? "Succeeded" : "Failed");
      pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
          .withName("inference-perf").withNewState().withNewTerminated().withExitCode(exit).endTerminated()
          .endState().build()));
      client.pods().inNamespace("benchmarking").resource(pod).updateStatus();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
