package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static io.inferenceperf.transport.SenderTestSupport.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.Failure.Kind;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.transport.SenderTestSupport.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection reuse, the per-loop caps, abort and close. */
class HttpTransportPoolTest {

  private static final long MS = 1_000_000L;

  private static ScriptedHttpServer streamingServer(long holdMillis) throws Exception {
    return new ScriptedHttpServer((request, wire) -> {
      wire.sseHead();
      wire.chunk(role() + content("a"));
      wire.sleep(holdMillis);
      wire.chunk(content("b") + usage(3, 2) + DONE);
      wire.endChunks();
    });
  }

  @Test
  void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
    try (ScriptedHttpServer server = streamingServer(0);
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      for (int i = 0; i < 5; i++) {
        assertTrue(client.call(chatRequest()).success());
      }
      assertEquals(1, server.connections.get());
      assertEquals(List.of(0, 1, 2, 3, 4), server.received.stream().map(r -> r.indexOnConnection()).toList());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void connectionCloseFromTheServerIsHonoured() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
          wire.chunk(content("a") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      assertTrue(client.call(chatRequest()).success());
      assertTrue(client.call(chatRequest()).success());
      assertEquals(2, server.connections.get());
    }
  }

  @Test
  void connectionCapMakesRequestsWaitForAFreeConnection() throws Exception {
    try (ScriptedHttpServer server = streamingServer(100);
        Client client = new Client(TransportOptions.of(server.baseUrl()).withLoops(1, 2, 0))) {
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(client.send(chatRequest()));
      }
      List<RequestRecord> records = Client.all(futures);
      assertTrue(records.stream().allMatch(RequestRecord::success));
      assertEquals(2, server.connections.get());
      assertEquals(2, server.maxActiveResponses.get());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void inFlightCapQueuesInFifoOrderAndTheWaitIsScheduleDelay() throws Exception {
    try (ScriptedHttpServer server = streamingServer(100);
        Client client = new Client(TransportOptions.of(server.baseUrl()).withLoops(1, 10, 2))) {
      long intended = System.nanoTime();
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(client.send(chatRequest(), intended));
      }
      List<RequestRecord> records = Client.all(futures);
      assertTrue(records.stream().allMatch(RequestRecord::success));
      assertEquals(2, server.maxActiveResponses.get(), "never more than the cap in flight");
      for (int i = 2; i < 6; i++) {
        long delay = records.get(i).scheduleDelayNanos();
        assertTrue(delay >= 90 * MS, "request " + i + " waited only " + delay / 1e6 + " ms");
      }
      for (int i = 1; i < 6; i++) {
        assertTrue(records.get(i).sentNanos() >= records.get(i - 1).sentNanos(), "FIFO order at " + i);
      }
      for (int k = 2; k < 6; k++) {
        long sent = records.get(k).sentNanos();
        long endedBefore = records.stream().filter(r -> r.endNanos() <= sent).count();
        assertTrue(endedBefore >= k - 1, "request " + k + " was sent while 2 others were in flight");
      }
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void requestsSpreadOverEveryLoop() throws Exception {
    try (ScriptedHttpServer server = streamingServer(5);
        Client client = new Client(TransportOptions.of(server.baseUrl()).withLoops(3, 4, 0))) {
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        futures.add(client.send(chatRequest()));
      }
      List<RequestRecord> records = Client.all(futures);
      assertEquals(300, records.stream().filter(RequestRecord::success).count());
      assertTrue(records.stream().allMatch(r -> r.chunkNanos().length == 2 && r.serverOutputTokens() == 2));
      int connections = server.connections.get();
      assertTrue(connections >= 3 && connections <= 12, "connections: " + connections);
      client.assertAllCompletedOnce();
      for (int[] loop : SenderTestSupport.loopStats(client.sender.transport())) {
        assertEquals(0, loop[0], "active");
        assertEquals(0, loop[1], "waiting");
      }
    }
  }

  @Test
  void abortInFlightEndsActiveAndQueuedRequests() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("a"));
          release.await(10, TimeUnit.SECONDS);
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withLoops(1, 10, 1))) {
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(client.send(chatRequest()));
      }
      waitUntil(() -> server.received.size() == 1);
      Thread.sleep(50); // let the first chunk arrive
      client.sender.abortInFlight(Failure.of(Kind.CUT_AT_STAGE_END, "stage ended"));
      List<RequestRecord> records = Client.all(futures);
      release.countDown();
      for (RequestRecord record : records) {
        assertEquals(Failure.of(Kind.CUT_AT_STAGE_END, "stage ended"), record.failure());
      }
      assertEquals(1, records.get(0).chunkNanos().length, "the active request keeps its chunk");
      assertTrue(records.get(0).sentNanos() > 0);
      assertEquals(-1, records.get(1).sentNanos(), "queued requests were never sent");
      assertEquals(-1, records.get(2).sentNanos());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void abortRacingNormalCompletionsStillCompletesEachRequestOnce() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("a"));
          wire.sleep(request.indexOnConnection() % 2 == 0 ? 5 : 400);
          wire.chunk(content("b") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withLoops(2, 8, 6))) {
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(client.send(chatRequest()));
      }
      waitUntil(() -> futures.stream().filter(CompletableFuture::isDone).count() >= 4);
      client.sender.abortInFlight(Failure.of(Kind.CUT_AT_STAGE_END, "stage ended"));
      List<RequestRecord> records = Client.all(futures);
      long cut = records.stream().filter(r -> !r.success()).count();
      assertTrue(cut > 0 && cut < 200, "some finished, some were cut: " + cut);
      assertTrue(records.stream().filter(r -> !r.success())
          .allMatch(r -> r.failure().kind() == Kind.CUT_AT_STAGE_END));
      client.assertAllCompletedOnce();
      for (int[] loop : SenderTestSupport.loopStats(client.sender.transport())) {
        assertEquals(0, loop[0], "active");
        assertEquals(0, loop[1], "waiting");
      }
    }
  }

  @Test
  void closeInterruptsWhatIsInFlightAndLaterSendsFailAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> release.await(10, TimeUnit.SECONDS))) {
      Client client = new Client(TransportOptions.of(server.baseUrl()));
      CompletableFuture<RequestRecord> pending = client.send(chatRequest());
      waitUntil(() -> server.received.size() == 1);
      client.close();
      assertEquals(Kind.INTERRUPTED, pending.get(5, TimeUnit.SECONDS).failure().kind());
      RequestRecord late = client.send(chatRequest()).get(5, TimeUnit.SECONDS);
      assertEquals(Kind.OTHER, late.failure().kind());
      release.countDown();
      client.assertAllCompletedOnce();
      client.close();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000 * MS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
      Thread.sleep(5);
    }
  }
}
