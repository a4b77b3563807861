package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.testkit.TimingSensitive;
import io.inferenceperf.transport.SenderTestSupport.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kernel receive timestamps: a token that arrives while the client's event loop is held up (as a machine stall would
 * hold it) is still stamped when it arrived, and the time it waited shows as the client's read lateness, not in the
 * measured ITL. Without kernel timestamps the transport falls back to the I/O thread's clock and says so.
 */
@TimingSensitive
class KernelTransportTest {
  private static final long MS = 1_000_000;

  @Test
  void aTokenThatArrivesWhileTheClientIsHeldUpIsStampedWhenItArrived() throws Exception {
    assumeTrue(KernelTransport.unavailableReason(ServerAddress.parse("http://127.0.0.1:1")) == null,
        "kernel timestamps are not available on this machine");
    CountDownLatch stallStarted = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("A"));
          assertTrue(stallStarted.await(20, TimeUnit.SECONDS), "the client's loop was held up");
          wire.sleep(100);
          wire.chunk(content("B"));
          wire.chunk(DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      KernelTransport transport = assertInstanceOf(KernelTransport.class, client.sender.transport());
      var pending = client.send(chatRequest());
      // Hold the loop up for 600 ms once it has read "A": "B" arrives 100 ms into that and waits in the socket.
      long deadline = System.nanoTime() + 20_000 * MS;
      while (server.wires.isEmpty() || server.wires.get(0).writeNanos.size() < 2) {
        assertTrue(System.nanoTime() < deadline, "the server never answered");
        Thread.sleep(1);
      }
      Thread.sleep(20); // let the loop read "A" first
      transport.executeOnLoops(() -> {
        stallStarted.countDown();
        try {
          Thread.sleep(600);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      RequestRecord record = pending.get(30, TimeUnit.SECONDS);
      assertTrue(record.success(), String.valueOf(record.failure()));
      List<Long> writes = server.wires.get(0).writeNanos;
      long wroteB = writes.get(2);
      long arrivedB = record.chunkNanos()[1];
      assertTrue(arrivedB >= wroteB, "stamped before the server wrote it");
      assertTrue(arrivedB - wroteB < 100 * MS, "stamped at its arrival, not at the read 500 ms later: "
          + (arrivedB - wroteB) / 1e6 + " ms after the write");
      assertTrue(record.readLatenessNanos() >= 250 * MS, "it waited in the socket: " + record.readLatenessNanos());
      assertEquals(RequestRecord.KERNEL_SEND | RequestRecord.KERNEL_ARRIVALS, record.timestampSources());
      assertTrue(record.sentNanos() <= server.received.peek().receivedNanos(), "sent no later than received");
      client.assertAllCompletedOnce();
    }
  }

  /**
   * No more than one look at a socket's queue per wake-up: a loop that sleeps between tokens peeks once when it wakes
   * (to learn whether the bytes waited), and reads without further peeks when they did not. Which rounds count as late
   * is tested without a network in {@link KernelLoopLateRoundTest}.
   */
  @Test
  void aLoopThatSleptBetweenTokensPeeksAtMostOncePerWakeUp() throws Exception {
    assumeTrue(KernelTransport.unavailableReason(ServerAddress.parse("http://127.0.0.1:1")) == null,
        "kernel timestamps are not available on this machine");
    int tokens = 24;
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role());
          for (int i = 0; i < tokens; i++) {
            wire.sleep(8);
            wire.chunk(content("t" + i));
          }
          wire.chunk(DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      KernelTransport transport = assertInstanceOf(KernelTransport.class, client.sender.transport());
      // Wake-ups: the head, the role, each token, [DONE] and the last chunk (fewer when writes share a read).
      int wakeUps = tokens + 4;
      // A loop that a busy machine held back wakes late and then peeks per read, as it should; so each attempt is
      // one request, and the bound must hold for one of three (a loop that peeks too often misses it in all three).
      List<Long> peeksPerAttempt = new ArrayList<>();
      for (int attempt = 0; attempt < 3; attempt++) {
        long before = transport.queuePeeks();
        RequestRecord record = client.call(chatRequest());
        assertTrue(record.success(), String.valueOf(record.failure()));
        peeksPerAttempt.add(transport.queuePeeks() - before);
        if (peeksPerAttempt.getLast() <= wakeUps) break;
      }
      assertTrue(peeksPerAttempt.getLast() <= wakeUps, peeksPerAttempt + " peeks for at most " + wakeUps + " wake-ups");
    }
  }

  @Test
  void requestsOfEverySizeArriveWholeAndInOrder() throws Exception {
    assumeTrue(KernelTransport.unavailableReason(ServerAddress.parse("http://127.0.0.1:1")) == null,
        "kernel timestamps are not available on this machine");
    PreparedRequest template = chatRequest();
    // Body lengths around the digit boundaries of Content-Length, and one far larger than a socket takes at once
    // (its request is written in parts as the socket drains).
    int[] sizes = {0, 9, 10, 99, 100, 1_000, 65_537, 8 * 1024 * 1024 + 3};
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content(Integer.toString(request.body().length)) + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      assertInstanceOf(KernelTransport.class, client.sender.transport());
      for (int size : sizes) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) body[i] = (byte) ('a' + i % 26);
        RequestRecord record = client.call(new PreparedRequest(template.path(), body, template.headers(),
            template.model(), true, 1, true));
        assertTrue(record.success(), size + ": " + record.failure());
        ScriptedHttpServer.Received received = server.received.poll();
        assertEquals(Integer.toString(size), received.headers().get("content-length"));
        assertArrayEquals(body, received.body(), "body of " + size + " bytes");
        assertTrue(received.requestLine().startsWith("POST "), received.requestLine());
      }
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void withKernelTimestampsOffTheUserSpaceClockIsUsedAndSaid() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("A") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl())
            .withKernelTimestamps(TransportOptions.KernelTimestamps.OFF))) {
      assertEquals(Transport.ArrivalClock.USER_SPACE, client.sender.transport().arrivalClock());
      RequestRecord record = client.call(chatRequest());
      assertTrue(record.success(), String.valueOf(record.failure()));
      assertEquals(0, record.timestampSources(), "no time from the kernel");
      assertEquals(-1, record.readLatenessNanos());
    }
  }

  @Test
  void anHttpsServerFallsBackToUserSpaceStampsAndOnFailsWithTheReason() {
    ServerAddress https = ServerAddress.parse("https://127.0.0.1:8443");
    assertTrue(KernelTransport.unavailableReason(https).contains("https"));
    TransportOptions on = TransportOptions.of("https://127.0.0.1:8443")
        .withKernelTimestamps(TransportOptions.KernelTimestamps.ON);
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Transport.open(on));
    assertTrue(refused.getMessage().contains("https"), refused.getMessage());
    try (Transport auto = Transport.open(TransportOptions.of("https://127.0.0.1:8443"))) {
      assertEquals(Transport.ArrivalClock.USER_SPACE, auto.arrivalClock());
    }
  }
}
