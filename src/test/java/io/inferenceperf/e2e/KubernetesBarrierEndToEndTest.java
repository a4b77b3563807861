package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.inferenceperf.kubernetes.MockKubernetes;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.storage.S3MockProcess;
import io.inferenceperf.storage.S3Testing;
import io.inferenceperf.testkit.TimingSensitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two pods of an Indexed Job, as two child JVMs running the command line with the environment Kubernetes gives them
 * (JOB_COMPLETION_INDEX, POD_NAME and POD_NAMESPACE from the downward API) and no start_at: they meet at the start
 * barrier through fabric8's mock API server in CRUD mode (a mock: no real API server can run here), start stage 0
 * together although one is launched a second after the other, upload to a real S3-compatible server (S3Mock), and the
 * last to finish merges both folders from the bucket into PATH/merged.
 */
@TimingSensitive
class KubernetesBarrierEndToEndTest {
  private static final String NS = "bench";

  private static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 20, max: 40, mean: 30, std_dev: 5}
        output_distribution: {min: 4, max: 12, mean: 8, std_dev: 2}
      load:
        type: constant
        base_seed: 7
        stages: [{rate: 20, duration: 1}]
        distributed: {replicas: 2, barrier_lead: 2, barrier_timeout: 120}
      storage:
        simple_storage_service: {bucket_name: %s, endpoint_url: %s, path: "runs/job-%d"}
      """;

  @Test
  void podsLaunchedApartStartTogetherAndTheLastMergesFromTheBucket(@TempDir Path dir) throws Exception {
    S3Testing.useTestCredentials();
    S3MockProcess s3 = S3MockProcess.shared();
    String bucket = "barrier-" + System.nanoTime() % 100_000;
    KubernetesMockServer api = MockKubernetes.start();
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1));
        S3Client fixture = S3Testing.fixtureClient(s3);
        KubernetesClient admin = api.createClient()) {
      fixture.createBucket(b -> b.bucket(bucket));
      for (int index = 0; index < 2; index++) {
        admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("bench-" + index)
            .withNamespace(NS).addToLabels("batch.kubernetes.io/job-name", "bench")
            .addToLabels("batch.kubernetes.io/controller-uid", "feedbeef-0000-4000-8000-000000000002")
            .addToLabels("batch.kubernetes.io/job-completion-index", Integer.toString(index)).endMetadata()
            .withNewStatus().withPhase("Running").endStatus().build()).create();
      }
      String master = admin.getMasterUrl().toString();
      List<Process> pods = new ArrayList<>();
      for (int index = 0; index < 2; index++) {
        // each pod its own S3 path, as {timestamp} would give them: the merge must find both
        Path config = Files.writeString(dir.resolve("config-" + index + ".yml"),
            RUN.formatted(sim.baseUrl(), bucket, s3.endpoint(), index));
        pods.add(launch(dir, config, index, master));
        if (index == 0) Thread.sleep(1_000); // the second pod is ready a second or more after the first
      }
      for (int index = 0; index < 2; index++) {
        Process pod = pods.get(index);
        try {
          assertTrue(pod.waitFor(180, TimeUnit.SECONDS), "pod " + index + " finished");
        } finally {
          pod.destroyForcibly();
        }
        assertEquals(0, pod.exitValue(), Files.readString(dir.resolve("err-" + index + ".txt")));
      }

      List<StartAgreement> starts = new ArrayList<>();
      for (int index = 0; index < 2; index++) {
        starts.add(ResultsReader.header(dir.resolve("pod-" + index + "/replica-" + index + "/results.jsonl.gz"))
            .start());
      }
      assertEquals(StartAgreement.KUBERNETES_BARRIER, starts.get(0).agreedBy());
      assertEquals(starts.get(0).startEpochMillis(), starts.get(1).startEpochMillis(), "one start for both");
      assertTrue(starts.get(0).wroteStart() ^ starts.get(1).wroteStart(), "written once: " + starts);
      ConfigMap barrier = admin.configMaps().inNamespace(NS).withName("bench-start-feedbeef").get();
      long ready0 = java.time.Instant.parse(barrier.getData().get("ready.0")).toEpochMilli();
      long ready1 = java.time.Instant.parse(barrier.getData().get("ready.1")).toEpochMilli();
      StartAgreement firstReady = ready0 <= ready1 ? starts.get(0) : starts.get(1);
      assertTrue(firstReady.barrierWaitMillis() >= Math.abs(ready1 - ready0) - 200,
          "the first ready waited for the other: " + starts + ", ready " + ready0 + " and " + ready1);
      assertTrue(starts.get(0).startEpochMillis() >= Math.max(ready0, ready1) + 2_000, "the lead after the last");
      assertEquals(Map.of("ready.0", true, "ready.1", true, "done.0", true, "done.1", true),
          Map.of("ready.0", barrier.getData().containsKey("ready.0"), "ready.1",
              barrier.getData().containsKey("ready.1"), "done.0", barrier.getData().containsKey("done.0"),
              "done.1", barrier.getData().containsKey("done.1")), barrier.getData().toString());
      String merger = barrier.getData().get("merge.by");
      assertNotNull(merger, barrier.getData().toString());

      String mergedKey = "runs/job-" + merger + "/merged/summary_lifecycle_metrics.json";
      List<String> keys = fixture.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
          .sorted().toList();
      assertTrue(keys.contains(mergedKey), keys.toString());
      JsonNode summary = CliRunner.JSON.readTree(fixture.getObjectAsBytes(b -> b.bucket(bucket).key(mergedKey))
          .asUtf8String());
      JsonNode generators = summary.get("load_generators");
      assertEquals(2, generators.size(), summary.toPrettyString());
      long requests = 0;
      for (JsonNode generator : generators) {
        assertEquals("completed", generator.get("status").asText());
        assertEquals("kubernetes_barrier", generator.get("start_agreed_by").asText());
        requests += generator.get("requests").asLong();
      }
      assertEquals(20, requests, "both shares of 20/s for 1 s");
      double skew = summary.get("start_skew_seconds").asDouble();
      System.out.printf("start barrier: pods launched 1 s apart, start skew %.3f ms%n", skew * 1e3);
      assertTrue(skew < 0.5, "started together: skew " + skew + " s");
    } finally {
      api.destroy();
    }
  }

  /** One pod: the CLI in a child JVM with the environment of an Indexed Job's pod, the API server at {@code master}. */
  private static Process launch(Path dir, Path config, int index, String master) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), "io.inferenceperf.Main", "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("pod-" + index).toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out-" + index + ".txt").toFile())
        .redirectError(dir.resolve("err-" + index + ".txt").toFile());
    Map<String, String> env = builder.environment();
    env.remove("KUBERNETES_SERVICE_HOST");
    env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
    env.put("POD_NAME", "bench-" + index);
    env.put("POD_NAMESPACE", NS);
    env.put("KUBERNETES_MASTER", master);
    env.put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
    env.put("AWS_ACCESS_KEY_ID", S3Testing.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", S3Testing.SECRET_KEY);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return builder.start();
  }
}
