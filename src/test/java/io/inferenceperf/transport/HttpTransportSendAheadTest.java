package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.transport.SenderTestSupport.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests handed over before their intended start are held on the loop's timer and written at that time. */
class HttpTransportSendAheadTest {

  private static final long MS = 1_000_000L;

  private static ScriptedHttpServer quickServer() throws Exception {
    return new ScriptedHttpServer((request, wire) -> {
      wire.sseHead();
      wire.chunk(role() + content("a") + DONE);
      wire.endChunks();
    });
  }

  @Test
  void earlyRequestsAreWrittenAtTheirIntendedTimeNotBefore() throws Exception {
    try (ScriptedHttpServer server = quickServer();
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      assertEquals(TransportOptions.defaultSendAheadNanos(), client.sender.sendAheadNanos());
      long base = System.nanoTime() + 30 * MS;
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(client.send(chatRequest(), base + i * 5 * MS)); // handed over 30-50 ms early
      }
      List<RequestRecord> records = Client.all(futures);
      for (RequestRecord record : records) {
        assertTrue(record.success(), String.valueOf(record.failure()));
        assertTrue(record.sentNanos() >= record.intendedStartNanos(),
            "written " + (record.intendedStartNanos() - record.sentNanos()) + " ns before its time");
        assertTrue(record.scheduleDelayNanos() < 500 * MS, "a generous bound for a loaded machine");
      }
      for (int i = 1; i < records.size(); i++) {
        assertTrue(records.get(i).sentNanos() > records.get(i - 1).sentNanos(), "written in time order");
      }
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void abortEndsHeldRequestsWithoutWritingThem() throws Exception {
    try (ScriptedHttpServer server = quickServer();
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      CompletableFuture<RequestRecord> held = client.send(chatRequest(), System.nanoTime() + 300 * MS);
      assertEquals(1, client.sender.inFlight());
      client.sender.abortInFlight(Failure.of(Failure.Kind.CUT_AT_STAGE_END, "stage over"));
      RequestRecord record = held.get(5, TimeUnit.SECONDS);
      assertFalse(record.success());
      assertEquals(Failure.Kind.CUT_AT_STAGE_END, record.failure().kind());
      assertEquals(-1, record.sentNanos(), "never written");
      assertTrue(server.received.isEmpty(), "the server saw nothing");
      // Requests handed over after the abort go ahead normally.
      assertTrue(client.call(chatRequest()).success());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void closeCompletesHeldRequestsOnce() throws Exception {
    try (ScriptedHttpServer server = quickServer()) {
      Client client = new Client(TransportOptions.of(server.baseUrl()));
      CompletableFuture<RequestRecord> held = client.send(chatRequest(), System.nanoTime() + 5 * MS);
      client.close();
      RequestRecord record = held.get(5, TimeUnit.SECONDS);
      assertEquals(Failure.Kind.INTERRUPTED, record.failure().kind());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void withoutSendAheadAnEarlyRequestIsWrittenWhenHandedOver() throws Exception {
    try (ScriptedHttpServer server = quickServer();
        Client client = new Client(TransportOptions.of(server.baseUrl()).withClock(NanoClock.SYSTEM, 0))) {
      assertEquals(0, client.sender.sendAheadNanos());
      long intended = System.nanoTime() + 10_000 * MS; // ten seconds away: held, the test would time out
      RequestRecord record = client.send(chatRequest(), intended).get(5, TimeUnit.SECONDS);
      assertTrue(record.success(), String.valueOf(record.failure()));
      assertTrue(record.sentNanos() < intended, "written at once, before its intended time");
      client.assertAllCompletedOnce();
    }
  }
}
