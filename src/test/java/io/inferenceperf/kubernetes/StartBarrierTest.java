package io.inferenceperf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.inferenceperf.testkit.TimingSensitive;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start barrier against fabric8's mock Kubernetes API server in CRUD mode (a mock because no real API server
 * can run on the build machines): it stores the ConfigMap, refuses a write made with a stale resourceVersion (409)
 * and lists pods by label, which is all the barrier relies on. Each participant runs in a thread with a client of its
 * own, as pods would.
 */
@TimingSensitive
class StartBarrierTest {
  private static final String NS = "bench";
  private static final String JOB = "ip";
  private static final String JOB_UID = "0a1b2c3d-aaaa-bbbb-cccc-000000000001";
  private static final String TIMEOUT_KEY = "load.distributed.barrier_timeout";

  private KubernetesMockServer server;
  private KubernetesClient admin;
  private final List<KubernetesClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = MockKubernetes.start();
    admin = server.createClient();
  }

  @AfterEach
  void stop() {
    clients.forEach(KubernetesClient::close);
    admin.close();
    server.destroy();
  }

  private void pod(int index, String phase) {
    Pod pod = new PodBuilder().withNewMetadata().withName(JOB + "-" + index + "-x" + index).withNamespace(NS)
        .addToLabels(JobOfPod.JOB_NAME_LABEL, JOB).addToLabels(JobOfPod.UID_LABEL, JOB_UID)
        .addToLabels(JobOfPod.INDEX_LABEL, Integer.toString(index))
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(JOB).withUid(JOB_UID)
        .endOwnerReference().endMetadata()
        .withNewStatus().withPhase(phase).endStatus().build();
    admin.pods().inNamespace(NS).resource(pod).create();
  }

  private StartBarrier barrier(int index, int replicas, long leadMillis, long timeoutMillis) {
    KubernetesClient client = server.createClient();
    clients.add(client);
    return new StartBarrier(client, new StartBarrier.Participant(NS, JOB + "-" + index + "-x" + index, index,
        replicas, null), new StartBarrier.Settings(leadMillis, timeoutMillis, 50, TIMEOUT_KEY), Clock.systemUTC());
  }

  private ConfigMap barrierMap() {
    return admin.configMaps().inNamespace(NS).withName(JOB + "-start-0a1b2c3d").get();
  }

  @Test
  void fourPodsArrivingAtDifferentTimesAgreeOnOneStartWrittenOnce() throws Exception {
    for (int i = 0; i < 4; i++) pod(i, "Running");
    List<StartBarrier> barriers = new ArrayList<>();
    for (int i = 0; i < 4; i++) barriers.add(barrier(i, 4, 1_000, 20_000));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<StartBarrier.Agreed>> results = new ArrayList<>();
      long[] arrivedMillis = new long[4];
      for (int i = 0; i < 4; i++) {
        int index = i;
        results.add(pool.submit(() -> {
          Thread.sleep(index * 150L); // the last pod is ready about 450 ms after the first
          arrivedMillis[index] = System.currentTimeMillis();
          return barriers.get(index).await();
        }));
      }
      List<StartBarrier.Agreed> agreed = new ArrayList<>();
      for (Future<StartBarrier.Agreed> result : results) agreed.add(result.get(30, TimeUnit.SECONDS));
      long start = agreed.get(0).startEpochMillis();
      int writers = 0;
      for (StartBarrier.Agreed a : agreed) {
        assertEquals(start, a.startEpochMillis());
        if (a.wroteStart()) writers++;
      }
      assertEquals(1, writers, "exactly one pod's write of the start is accepted");
      long lastArrival = Math.max(Math.max(arrivedMillis[0], arrivedMillis[1]), Math.max(arrivedMillis[2],
          arrivedMillis[3]));
      assertTrue(start >= lastArrival + 1_000, "the start is the lead after the last pod was ready");
      assertTrue(start <= lastArrival + 1_000 + 2_000, "and not much later: " + (start - lastArrival));
      ConfigMap map = barrierMap();
      for (int i = 0; i < 4; i++) assertNotNull(map.getData().get("ready." + i));
      assertEquals(Instant.ofEpochMilli(start).toString(), map.getData().get("start"));
      int writer = Integer.parseInt(map.getData().get("start.written-by"));
      assertTrue(agreed.get(writer).wroteStart());
      assertEquals(JOB_UID, map.getMetadata().getOwnerReferences().get(0).getUid(), "deleted with the Job");
      assertNull(agreed.get(0).clockOffset(), "the mock's answers carry no Date header");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStartAlreadyWrittenIsReadNotReplaced() throws Exception {
    for (int i = 0; i < 3; i++) pod(i, "Running");
    String written = "2026-12-06T10:00:00.250Z";
    admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(JOB + "-start-0a1b2c3d").withNamespace(NS).endMetadata()
        .addToData("ready.0", "x").addToData("ready.1", "x").addToData("ready.2", "x")
        .addToData("start", written).addToData("start.written-by", "1").build()).create();
    StartBarrier.Agreed agreed = barrier(2, 3, 1_000, 5_000).await();
    assertFalse(agreed.wroteStart());
    assertEquals(Instant.parse(written).toEpochMilli(), agreed.startEpochMillis());
    assertEquals(written, barrierMap().getData().get("start"));
    assertEquals("1", barrierMap().getData().get("start.written-by"));
  }

  @Test
  void aPodThatNeverArrivesEndsTheWaitWithTheTimeoutKeyAndThePodsState() throws Exception {
    for (int i = 0; i < 3; i++) pod(i, i == 2 ? "Pending" : "Running");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        StartBarrier barrier = barrier(i, 3, 1_000, 1_500);
        results.add(pool.submit(() -> assertThrows(KubernetesProblem.class, barrier::await)));
      }
      long begun = System.nanoTime();
      for (Future<Object> result : results) {
        KubernetesProblem problem = (KubernetesProblem) result.get(20, TimeUnit.SECONDS);
        assertTrue(problem.getMessage().startsWith(TIMEOUT_KEY + " (1.5 s) passed"), problem.getMessage());
        assertTrue(problem.getMessage().contains("replica 2 (pod ip-2-x2: Pending) not ready"), problem.getMessage());
        assertTrue(problem.getMessage().contains("load.distributed.start_at"), problem.getMessage());
        assertEquals(1, problem.exitCode());
      }
      assertTrue(System.nanoTime() - begun < 10_000_000_000L);
      assertNull(barrierMap().getData().get("start"), "nobody started");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPodThatFailedBeforeItWasReadyEndsTheWaitEarly() {
    pod(0, "Running");
    pod(1, "Failed");
    long begun = System.nanoTime();
    KubernetesProblem problem = assertThrows(KubernetesProblem.class, () -> barrier(0, 2, 1_000, 60_000).await());
    assertTrue(problem.getMessage().contains("replica 1 of Job ip ended (pod ip-1-x1: Failed)"),
        problem.getMessage());
    assertTrue(System.nanoTime() - begun < 10_000_000_000L, "long before the 60 s timeout");
  }

  @Test
  void theApiServersDateHeadersGiveThisNodesClockOffset() throws Exception {
    pod(0, "Running");
    pod(1, "Running");
    // the API server's clock an hour ahead of this machine's
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    server.expect().get().withPath("/livez").andReturn(200, "ok")
        .withHeader("Date", date).always();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      StartBarrier first = barrier(0, 2, 1_000, 20_000);
      StartBarrier second = barrier(1, 2, 1_000, 20_000);
      Future<StartBarrier.Agreed> a = pool.submit(first::await);
      Future<StartBarrier.Agreed> b = pool.submit(second::await);
      for (StartBarrier.Agreed agreed : List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS))) {
        assertNotNull(agreed.clockOffset());
        assertTrue(agreed.clockOffset().samples() >= 2, agreed.clockOffset().toString());
        // the header is fixed while the test runs: within the second of the header and the test's duration
        assertEquals(3_600_000, agreed.clockOffset().offsetMillis(), 5_000, agreed.clockOffset().toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLastPodToFinishIsTheOneToMergeAndGetsEveryReplicasResults() throws Exception {
    for (int i = 0; i < 3; i++) pod(i, "Running");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<StartBarrier> barriers = new ArrayList<>();
      List<Future<StartBarrier.Agreed>> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) barriers.add(barrier(i, 3, 300, 20_000));
      for (StartBarrier b : barriers) started.add(pool.submit(b::await));
      for (Future<StartBarrier.Agreed> f : started) f.get(30, TimeUnit.SECONDS);
      assertEquals(java.util.Map.of(), barriers.get(1).finish("s3://b/run/replica-1/"), "others still run");
      assertEquals(java.util.Map.of(), barriers.get(0).finish("s3://b/run/replica-0/"));
      assertEquals(java.util.Map.of(0, "s3://b/run/replica-0/", 1, "s3://b/run/replica-1/", 2,
          "s3://b/run/replica-2/"), barriers.get(2).finish("s3://b/run/replica-2/"), "the last one merges");
      assertEquals("2", barrierMap().getData().get("merge.by"));
      assertEquals(java.util.Map.of(), barriers.get(0).finish("s3://b/run/replica-0/"), "only once");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPodThatFailedAfterTheStartDoesNotKeepTheOthersFromMerging() throws Exception {
    pod(0, "Running");
    pod(1, "Failed");
    admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(JOB + "-start-0a1b2c3d").withNamespace(NS).endMetadata()
        .addToData("ready.0", "x").addToData("ready.1", "x").addToData("start", "2026-12-06T10:00:00Z").build())
        .create();
    assertEquals(java.util.Map.of(0, "s3://b/run/replica-0/"),
        barrier(0, 2, 300, 5_000).finish("s3://b/run/replica-0/"));
  }

  @Test
  void aPodOfNoJobIsToldHowToRunIt() {
    admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("lonely").withNamespace(NS)
        .endMetadata().build()).create();
    KubernetesClient client = server.createClient();
    clients.add(client);
    StartBarrier barrier = new StartBarrier(client, new StartBarrier.Participant(NS, "lonely", 0, 2, null),
        new StartBarrier.Settings(1_000, 5_000, 50, TIMEOUT_KEY), Clock.systemUTC());
    KubernetesProblem problem = assertThrows(KubernetesProblem.class, barrier::await);
    assertTrue(problem.getMessage().contains("belongs to no Job"), problem.getMessage());
  }
}
