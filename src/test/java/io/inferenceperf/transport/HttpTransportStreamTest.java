package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.assertTimelineOrdered;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.finish;
import static io.inferenceperf.transport.SenderTestSupport.reasoning;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static io.inferenceperf.transport.SenderTestSupport.usage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.api.WordTokenizer;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.transport.ScriptedHttpServer.Received;
import io.inferenceperf.transport.SenderTestSupport.Client;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Streaming and non-streaming exchanges that succeed, over real sockets on 127.0.0.1. */
class HttpTransportStreamTest {

  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "native transport allowed: {0}")
  @ValueSource(booleans = {true, false})
  void streamTimestampsFollowTheServersWrites(boolean nativeTransport) throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role());
          wire.sleep(30);
          wire.chunk(reasoning("hmm"));
          wire.sleep(30);
          wire.chunk(content("Hello"));
          wire.sleep(400); // longer than a busy machine's stalls of the client's read (tens, at worst ~100 ms)
          wire.chunk(content(" world"));
          wire.chunk(finish() + usage(11, 3) + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withNativeTransport(nativeTransport))) {
      RequestRecord record = client.call(chatRequest());

      assertTrue(record.success(), String.valueOf(record.failure()));
      assertEquals(200, record.httpStatus());
      assertEquals(3, record.chunkNanos().length, "role prelude and usage chunk carry no token");
      assertArrayEquals(new int[] {1, 1, 1}, record.chunkTokens());
      assertEquals(record.chunkNanos()[1], record.firstContentNanos(), "first content comes after reasoning");
      assertEquals(11, record.promptTokens());
      assertTrue(record.promptTokensFromServer());
      assertEquals(3, record.serverOutputTokens());
      assertEquals(3, record.clientOutputTokens());
      assertTimelineOrdered(record);

      // Ground truth: the server's own write times (same JVM, same monotonic clock). Writes 3, 4 and 5 of the
      // wire (head and role are 1 and 2) carried the three token chunks.
      List<Long> writes = server.wires.get(0).writeNanos;
      Received received = server.received.peek();
      assertTrue(record.sentNanos() <= received.receivedNanos(), "sent is read before the bytes leave");
      for (int i = 0; i < 3; i++) {
        long serverWrite = writes.get(i + 2);
        long arrival = record.chunkNanos()[i];
        assertTrue(arrival >= serverWrite, "chunk " + i + " stamped before the server wrote it");
        assertTrue(arrival - serverWrite < 500 * MS, "chunk " + i + " stamped far after it was written");
      }
      // Each event is stamped when its own bytes arrive, not when the response ends: "Hello" was stamped before the
      // server even wrote " world" 400 ms later. (A gap measured against the pause would depend on the machine not
      // stalling the client's read by a few ms, which shared machines do.)
      assertTrue(record.chunkNanos()[1] < writes.get(4), "\"Hello\" stamped only after the next chunk was written");
      assertTrue(record.chunkNanos()[2] > record.chunkNanos()[1]);
      assertTrue(record.ttftNanos() >= 28 * MS, "TTFT (reasoning) follows one 30 ms pause: " + record.ttftNanos());
      assertTrue(record.ttfcNanos() >= 58 * MS, "first content follows two 30 ms pauses: " + record.ttfcNanos());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void theRequestOnTheWireIsTheBuiltOne() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(content("x") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl() + "/prefix/"))) {
      PreparedRequest request = chatRequest(true, Map.of("X-Custom", "v", "user-agent", "mine"));
      assertTrue(client.call(request).success());
      Received received = server.received.peek();
      assertEquals("POST /prefix/v1/chat/completions HTTP/1.1", received.requestLine());
      assertEquals(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8), received.bodyText());
      assertEquals(String.valueOf(request.body().length), received.headers().get("content-length"));
      assertEquals("Bearer key-1", received.headers().get("authorization"));
      assertEquals("application/json", received.headers().get("content-type"));
      assertEquals("v", received.headers().get("x-custom"));
      assertEquals("mine", received.headers().get("user-agent"));
      assertEquals(server.baseUrl().substring("http://".length()), received.headers().get("host"));
    }
  }

  @Test
  void severalEventsInOneReadShareOneArrivalTime() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(content("a") + content("b") + content("c"));
          wire.sleep(40);
          wire.chunk(usage(1, 3) + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertTrue(record.success());
      long[] chunks = record.chunkNanos();
      assertEquals(3, chunks.length);
      assertEquals(chunks[0], chunks[1]);
      assertEquals(chunks[1], chunks[2]);
      assertTrue(record.endNanos() - chunks[2] >= 35 * MS, "the end is the last byte, after the pause");
    }
  }

  @Test
  void anEventSplitAcrossReadsIsStampedWhenItCompletes() throws Exception {
    String event = content("split");
    int half = event.length() / 2;
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          // bare-LF HTTP framing and a CRLF SSE stream, split inside an HTTP chunk and inside the event
          wire.write("HTTP/1.1 200 OK\nContent-Type: text/event-stream\nTransfer-Encoding: chunked\n\n");
          String crlfEvent = event.replace("\n", "\r\n");
          String chunk = ScriptedHttpServer.chunkBytes(crlfEvent + DONE.replace("\n", "\r\n"));
          wire.write(chunk.substring(0, half));
          wire.sleep(60);
          wire.write(chunk.substring(half));
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertTrue(record.success(), String.valueOf(record.failure()));
      assertEquals(1, record.chunkNanos().length);
      long secondWrite = server.wires.get(0).writeNanos.get(2);
      assertTrue(record.chunkNanos()[0] >= secondWrite, "stamped by the read that completed the event");
    }
  }

  @Test
  void contentLengthEventStreamAndKeptBodies() throws Exception {
    String sse = role() + content("one") + content("two") + usage(2, 2) + DONE;
    try (ScriptedHttpServer server = new ScriptedHttpServer(
            (request, wire) -> wire.fixed(200, "text/event-stream", sse));
        Client client = new Client(TransportOptions.of(server.baseUrl()), null, true)) {
      PreparedRequest request = chatRequest();
      RequestRecord record = client.call(request);
      assertTrue(record.success());
      assertEquals(2, record.chunkNanos().length);
      assertEquals(sse, record.responseBody());
      assertEquals(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8), record.requestBody());
    }
  }

  @Test
  void nonStreamingCompletionBody() throws Exception {
    RequestBuilder builder = new RequestBuilder(
        new ApiConfig(ApiConfig.ApiType.COMPLETION, false, Map.of()),
        new ServerConfig(ServerConfig.ServerType.VLLM, "m", "http://unused", false, null));
    PreparedRequest request = builder.build("m", new Prompt("Once", 1, 0));
    String body = "{\"id\":\"cmpl\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
        + "\"text\":\" upon a time there\",\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":4}}";
    try (ScriptedHttpServer server = new ScriptedHttpServer((r, wire) -> wire.fixed(200, "application/json", body));
        Client client = new Client(TransportOptions.of(server.baseUrl()), new WordTokenizer(), false)) {
      RequestRecord record = client.call(request);
      assertTrue(record.success(), String.valueOf(record.failure()));
      assertEquals(0, record.chunkNanos().length);
      assertEquals(-1, record.ttftNanos());
      assertEquals(4, record.clientOutputTokens(), "counted by the tokenizer from the body text");
      assertEquals(4, record.serverOutputTokens());
      assertEquals(2, record.promptTokens());
      assertNull(record.responseBody());
      assertTrue(server.received.peek().bodyText().contains("\"max_tokens\":30"));
    }
  }

  @Test
  void aBodyFramedByConnectionCloseEndsWhenTheServerCloses() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n");
          wire.write("{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}");
          wire.close();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest(false, Map.of()));
      assertTrue(record.success(), String.valueOf(record.failure()));
      RequestRecord second = client.call(chatRequest(false, Map.of()));
      assertTrue(second.success());
      assertEquals(2, server.connections.get(), "a close-framed response cannot reuse its connection");
    }
  }

  @Test
  void tokenizerCountsOffTheIoThreads() throws Exception {
    WordTokenizer tokenizer = new WordTokenizer();
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + reasoning("two words") + content(" three more words") + content(" x") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()), tokenizer, false)) {
      RequestRecord record = client.call(chatRequest());
      assertArrayEquals(new int[] {2, 3, 1}, record.chunkTokens());
      assertEquals(6, record.clientOutputTokens());
      assertTrue(tokenizer.lastThread.get().startsWith("inference-perf-token-count"), tokenizer.lastThread.get());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void anOpenLoopsRecordsAreCountedInBatchesAndEachDeliveredOnce() throws Exception {
    WordTokenizer tokenizer = new WordTokenizer();
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("one two") + content(" three") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()), tokenizer, false)) {
      List<CompletableFuture<RequestRecord>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) futures.add(client.sendDeferrable(chatRequest()));
      for (RequestRecord record : Client.all(futures)) {
        assertTrue(record.success(), String.valueOf(record.failure()));
        assertArrayEquals(new int[] {2, 1}, record.chunkTokens());
      }
      assertTrue(tokenizer.lastThread.get().startsWith("inference-perf-token-count"), tokenizer.lastThread.get());
      client.assertAllCompletedOnce();
    }
  }
}
