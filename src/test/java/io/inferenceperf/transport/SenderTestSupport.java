package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.api.ApiClient;
import io.inferenceperf.engine.DeferrableCompletion;
import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Shared helpers: OpenAI-shaped SSE payloads and a sender wrapper that checks every send completes once. */
final class SenderTestSupport {
  private SenderTestSupport() {}

  static final String DONE = "data: [DONE]\n\n";

  static String data(String json) {
    return "data: " + json + "\n\n";
  }

  static String role() {
    return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
  }

  static String content(String text) {
    return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":null}]}");
  }

  static String reasoning(String text) {
    return data("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"" + text + "\"}}]}");
  }

  static String finish() {
    return data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}");
  }

  static String usage(int prompt, int completion) {
    return data("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + ",\"total_tokens\":" + (prompt + completion) + "}}");
  }

  static PreparedRequest chatRequest(boolean streaming, Map<String, String> headers) {
    RequestBuilder builder = new RequestBuilder(
        new ApiConfig(ApiConfig.ApiType.CHAT, streaming, headers),
        new ServerConfig(ServerConfig.ServerType.VLLM, "m", "http://unused", true, "key-1"));
    return builder.build("m", new Prompt("Say hello", 4, 8));
  }

  /** Per-loop {active, waiting, open connections} of either transport. */
  static int[][] loopStats(Transport transport) {
    return transport instanceof KernelTransport kernel ? kernel.loopStats() : ((HttpTransport) transport).loopStats();
  }

  static PreparedRequest chatRequest() {
    return chatRequest(true, Map.of());
  }

  /** Sends through a sender and counts callbacks per request, so tests can assert "completes exactly once". */
  static final class Client implements AutoCloseable {
    final ApiClient sender;
    private final Map<Long, AtomicInteger> callbacks = new ConcurrentHashMap<>();
    private long nextSeq;

    Client(TransportOptions options) {
      this(options, null, false);
    }

    Client(TransportOptions options, Tokenizer tokenizer, boolean keepBodies) {
      this.sender = new ApiClient(options, tokenizer, keepBodies);
    }

    CompletableFuture<RequestRecord> send(PreparedRequest request) {
      return send(request, System.nanoTime());
    }

    CompletableFuture<RequestRecord> send(PreparedRequest request, long intendedStartNanos) {
      return send(request, intendedStartNanos, false);
    }

    /** As an open loop sends: the completion may come in a batch ({@link DeferrableCompletion}). */
    CompletableFuture<RequestRecord> sendDeferrable(PreparedRequest request) {
      return send(request, System.nanoTime(), true);
    }

    private CompletableFuture<RequestRecord> send(PreparedRequest request, long intendedStartNanos,
        boolean deferrable) {
      long seq = nextSeq++;
      AtomicInteger count = new AtomicInteger();
      callbacks.put(seq, count);
      CompletableFuture<RequestRecord> result = new CompletableFuture<>();
      Consumer<RequestRecord> onComplete = record -> {
        count.incrementAndGet();
        result.complete(record);
      };
      sender.send(request, seq, 0, intendedStartNanos,
          deferrable ? (DeferrableCompletion) onComplete::accept : onComplete);
      return result;
    }

    RequestRecord call(PreparedRequest request) throws Exception {
      return send(request).get(20, TimeUnit.SECONDS);
    }

    static List<RequestRecord> all(List<CompletableFuture<RequestRecord>> futures) throws Exception {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Every send so far completed exactly once and nothing is in flight. */
    void assertAllCompletedOnce() throws InterruptedException {
      Thread.sleep(50); // a duplicate completion would land after the first
      callbacks.forEach((seq, count) -> assertEquals(1, count.get(), "callbacks of request " + seq));
      assertEquals(0, sender.inFlight());
      assertEquals(0, sender.transport().inFlight());
    }

    @Override
    public void close() {
      sender.close();
    }
  }

  static void assertTimelineOrdered(RequestRecord record) {
    assertTrue(record.sentNanos() >= record.intendedStartNanos(), "sent before its intended start");
    long previous = record.sentNanos();
    for (long chunk : record.chunkNanos()) {
      assertTrue(chunk >= previous, "chunk times must not decrease and follow the send");
      previous = chunk;
    }
    assertTrue(record.endNanos() >= previous, "end before the last chunk");
  }
}
