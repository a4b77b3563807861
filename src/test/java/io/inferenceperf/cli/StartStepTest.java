package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.kubernetes.MockKubernetes;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.schedule.ReplicaSlice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a load generator of a distributed run starts: the start_at given, the Kubernetes start barrier (against
 * fabric8's CRUD mock API server: no real one can run here), or when ready.
 */
class StartStepTest {
  private static final Supplier<KubernetesClient> NO_API = () -> {
    throw new AssertionError("the Kubernetes API must not be used");
  };

  private static Config config(Path dir, String distributed) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yml"), """
        server: {type: simulator}
        load: {type: constant, stages: [{rate: 10, duration: 1}], distributed: %s}
        """.formatted(distributed));
    LoadResult loaded = ConfigLoader.load(file, List.of(), Clock.systemUTC());
    assertTrue(loaded.ok(), loaded.formatProblems());
    return loaded.config();
  }

  private static Map<String, String> podEnv(int index) {
    return Map.of("JOB_COMPLETION_INDEX", Integer.toString(index), "POD_NAME", "ip-" + index,
        "POD_NAMESPACE", "bench");
  }

  @Test
  void aGivenStartIsUsedWithoutTheApiAndAloneNoStartIsAgreed(@TempDir Path dir) throws Exception {
    Config fixed = config(dir, "{replicas: 2, start_at: '2026-12-06T10:00:00Z'}");
    StartAgreement start = StartStep.agree(fixed, new ReplicaSlice(2, 1), podEnv(1), NO_API, Clock.systemUTC());
    assertEquals(StartAgreement.fixed(1_796_551_200_000L), start);
    Config noStart = config(dir, "{replicas: 2}");
    assertNull(StartStep.agree(noStart, ReplicaSlice.WHOLE, podEnv(0), NO_API, Clock.systemUTC()), "one generator");
    assertNull(StartStep.agree(noStart, new ReplicaSlice(2, 0), Map.of(), NO_API, Clock.systemUTC()),
        "not in a Job: each starts when ready");
    assertNull(StartStep.agree(noStart, new ReplicaSlice(2, 0), Map.of("JOB_COMPLETION_INDEX", "0"), NO_API,
        Clock.systemUTC()), "no downward API: warned, starts when ready");
  }

  @Test
  void twoPodsOfAJobAgreeThroughTheBarrierWithTheConfiguredLead(@TempDir Path dir) throws Exception {
    Config config = config(dir, "{replicas: 2, barrier_lead: 1.5, barrier_timeout: 20}");
    KubernetesMockServer server = MockKubernetes.start();
    try (KubernetesClient admin = server.createClient()) {
      for (int i = 0; i < 2; i++) {
        admin.pods().inNamespace("bench").resource(new PodBuilder().withNewMetadata().withName("ip-" + i)
            .withNamespace("bench").addToLabels("batch.kubernetes.io/job-name", "ip")
            .addToLabels("batch.kubernetes.io/controller-uid", "uid-1234-5678")
            .addToLabels("batch.kubernetes.io/job-completion-index", Integer.toString(i)).endMetadata()
            .withNewStatus().withPhase("Running").endStatus().build()).create();
      }
      List<CompletableFuture<StartAgreement>> pods = List.of(0, 1).stream()
          .map(i -> CompletableFuture.supplyAsync(() -> {
            try {
              return StartStep.agree(config, new ReplicaSlice(2, i), podEnv(i), server::createClient,
                  Clock.systemUTC());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          })).toList();
      long before = System.currentTimeMillis();
      StartAgreement first = pods.get(0).get(30, TimeUnit.SECONDS);
      StartAgreement second = pods.get(1).get(30, TimeUnit.SECONDS);
      assertEquals(StartAgreement.KUBERNETES_BARRIER, first.agreedBy());
      assertEquals(first.startEpochMillis(), second.startEpochMillis());
      assertTrue(first.wroteStart() ^ second.wroteStart(), "exactly one wrote it");
      assertTrue(first.startEpochMillis() >= before + 1_500 - 200, "about the 1.5 s lead after both were ready");
      assertEquals("ip-start-uid-1234", admin.configMaps().inNamespace("bench").list().getItems().get(0)
          .getMetadata().getName());
    } finally {
      server.destroy();
    }
  }

  @Test
  void aBarrierThatTimesOutIsARunFailureNamingTheKey(@TempDir Path dir) throws Exception {
    Config config = config(dir, "{replicas: 2, barrier_timeout: 1}");
    KubernetesMockServer server = MockKubernetes.start();
    try (KubernetesClient admin = server.createClient()) {
      admin.pods().inNamespace("bench").resource(new PodBuilder().withNewMetadata().withName("ip-0")
          .withNamespace("bench").addToLabels("batch.kubernetes.io/job-name", "ip").endMetadata().build()).create();
      UserError error = assertThrows(UserError.class, () -> StartStep.agree(config, new ReplicaSlice(2, 0),
          podEnv(0), server::createClient, Clock.systemUTC()));
      assertEquals(ExitCode.RUN_FAILED, error.code);
      assertTrue(error.getMessage().startsWith("load.distributed.barrier_timeout (1.0 s) passed"), error.getMessage());
      assertTrue(error.getMessage().contains("replica 1 (no pod) not ready"), error.getMessage());
    } finally {
      server.destroy();
    }
  }
}
