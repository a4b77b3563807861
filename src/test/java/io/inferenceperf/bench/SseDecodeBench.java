package io.inferenceperf.bench;

import io.inferenceperf.api.ChunkDecoder;
import io.inferenceperf.api.ChunkDecoderPaths;
import io.inferenceperf.api.DecodedChunk;
import io.inferenceperf.api.ResponseAssembler;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.tokenizer.SimulatorTokenizer;
import io.inferenceperf.transport.ResponseReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of the client's response path on the I/O thread, without sockets: HTTP/1.1 + chunked parsing, SSE
 * framing, JSON decoding of every event and assembly of the {@link RequestRecord}, for a 32-token vLLM
 * chat stream (36 events: role prelude, 32 tokens, finish, usage, [DONE]). Run:
 * {@code scripts/jmh.sh SseDecodeBench -f 1 -wi 2 -i 3} (add {@code -prof gc} for bytes allocated per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SseDecodeBench {

  private static final int TOKENS = 32;

  private final ResponseReader reader = new ResponseReader();
  private PreparedRequest request;
  private byte[] whole;
  private byte[][] reads;
  private byte[] contentEvent;
  private byte[] completionEvent;
  private byte[] usageEvent;
  private DecodedChunk chunk;

  @Setup
  public void setUp() {
    request = new PreparedRequest("/v1/chat/completions", new byte[400], Map.of(), VllmStreamBytes.MODEL, true, 128,
        true);
    whole = VllmStreamBytes.whole(TOKENS);
    List<byte[]> chunks = VllmStreamBytes.chunks(TOKENS);
    reads = new byte[chunks.size() + 1][];
    reads[0] = VllmStreamBytes.head();
    for (int i = 0; i < chunks.size(); i++) {
      reads[i + 1] = chunks.get(i);
    }
    contentEvent = ("{\"id\":\"chatcmpl-5b1c2f0d9e8a4b7c\",\"object\":\"chat.completion.chunk\",\"created\":1780000000,"
        + "\"model\":\"" + VllmStreamBytes.MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" fox\"},"
        + "\"logprobs\":null,\"finish_reason\":null}]}").getBytes(StandardCharsets.UTF_8);
    completionEvent = ("{\"id\":\"cmpl-5b1c2f0d9e8a4b7c\",\"object\":\"text_completion\",\"created\":1780000000,"
        + "\"model\":\"" + VllmStreamBytes.MODEL + "\",\"choices\":[{\"index\":0,\"text\":\" fox\",\"logprobs\":null,"
        + "\"finish_reason\":null,\"stop_reason\":null}]}").getBytes(StandardCharsets.UTF_8);
    usageEvent = ("{\"id\":\"chatcmpl-5b1c2f0d9e8a4b7c\",\"object\":\"chat.completion.chunk\",\"created\":1780000000,"
        + "\"model\":\"" + VllmStreamBytes.MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":400,"
        + "\"total_tokens\":432,\"completion_tokens\":32,\"prompt_tokens_details\":{\"cached_tokens\":0}}}")
        .getBytes(StandardCharsets.UTF_8);
    chunk = new DecodedChunk(false);
  }

  /** All 36 events delivered in one inbound buffer (a burst, or a server that batches its flushes). */
  @Benchmark
  public RequestRecord wholeStreamInOneRead() {
    ResponseAssembler assembler = new ResponseAssembler(request, 1, 0, 0, false, false, done -> { });
    assembler.onSent(1);
    reader.start(assembler);
    reader.feed(whole, 0, whole.length, 2);
    return assembler.toRecord(null);
  }

  /** One inbound buffer per event, each with its own arrival time: the usual shape of a live stream. */
  @Benchmark
  public RequestRecord oneReadPerEvent() {
    ResponseAssembler assembler = new ResponseAssembler(request, 1, 0, 0, false, false, done -> { });
    assembler.onSent(1);
    reader.start(assembler);
    long nanos = 2;
    for (byte[] read : reads) {
      reader.feed(read, 0, read.length, nanos++);
    }
    return assembler.toRecord(null);
  }

  /**
   * As {@link #oneReadPerEvent}, with each chunk's text kept and counted by the simulator's tokenizer (as in a run
   * with a tokenizer: the harness's and every real run's case). The I/O thread's and the counting thread's work.
   */
  @Benchmark
  public RequestRecord oneReadPerEventCounted() {
    ResponseAssembler assembler = new ResponseAssembler(request, 1, 0, 0, false, true, done -> { });
    assembler.onSent(1);
    reader.start(assembler);
    long nanos = 2;
    for (byte[] read : reads) {
      reader.feed(read, 0, read.length, nanos++);
    }
    return assembler.toRecord(SimulatorTokenizer.instance());
  }

  /** Decode of a single chat content delta (the fast byte scanner): the per-event share of the work above. */
  @Benchmark
  public int decodeOneContentEvent() throws IOException {
    chunk.reset();
    ChunkDecoder.decode(contentEvent, 0, contentEvent.length, chunk);
    return chunk.contentChars;
  }

  /** The same event with Jackson's non-blocking parser only: the decoder before the fast path (issue 20). */
  @Benchmark
  public int decodeOneContentEventJackson() throws IOException {
    chunk.reset();
    ChunkDecoderPaths.decodeWithJackson(contentEvent, 0, contentEvent.length, chunk);
    return chunk.contentChars;
  }

  /** A completion API token event, fast path. */
  @Benchmark
  public int decodeOneCompletionEvent() throws IOException {
    chunk.reset();
    ChunkDecoder.decode(completionEvent, 0, completionEvent.length, chunk);
    return chunk.contentChars;
  }

  /** A completion API token event, Jackson only. */
  @Benchmark
  public int decodeOneCompletionEventJackson() throws IOException {
    chunk.reset();
    ChunkDecoderPaths.decodeWithJackson(completionEvent, 0, completionEvent.length, chunk);
    return chunk.contentChars;
  }

  /** The usage-only chunk that ends a stream, fast path. */
  @Benchmark
  public int decodeUsageEvent() throws IOException {
    chunk.reset();
    ChunkDecoder.decode(usageEvent, 0, usageEvent.length, chunk);
    return chunk.completionTokens;
  }

  /** The usage-only chunk, Jackson only. */
  @Benchmark
  public int decodeUsageEventJackson() throws IOException {
    chunk.reset();
    ChunkDecoderPaths.decodeWithJackson(usageEvent, 0, usageEvent.length, chunk);
    return chunk.completionTokens;
  }
}
