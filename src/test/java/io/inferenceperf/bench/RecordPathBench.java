package io.inferenceperf.bench;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.api.ResponseAssembler;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.report.PerRequestFileWriter;
import io.inferenceperf.results.ResultsWriter;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.transport.ResponseReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request work around the socket path that SseDecodeBench does not cover, each for one 32-token streamed
 * request: building the request body (the preparer thread), decoding and assembling the record from the 36 event
 * payloads without HTTP or SSE parsing (the I/O thread's share after framing), and writing the per-request file
 * entry with and without the kept request and response text (the recorder thread, per_request on). Aggregation is
 * AggregationBench. Run: {@code scripts/jmh.sh RecordPathBench -f 1} (add {@code -prof gc} for bytes allocated).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RecordPathBench {

  private static final int TOKENS = 32;

  private RequestBuilder builder;
  private Prompt prompt;
  private PreparedRequest request;
  private List<byte[]> payloads;
  private RequestRecord record;
  private RequestRecord recordWithBodies;
  private PerRequestFileWriter perRequest;
  private ResultsWriter results;

  @Setup
  public void setUp() {
    builder = new RequestBuilder(new ApiConfig(ApiConfig.ApiType.COMPLETION, true, Map.of()),
        new ServerConfig(ServerConfig.ServerType.VLLM, VllmStreamBytes.MODEL, "http://127.0.0.1:8000", true, null));
    prompt = new Prompt(" the quick brown fox jumps over a lazy dog".repeat(7), 64, TOKENS);
    request = builder.build(VllmStreamBytes.MODEL, prompt);
    payloads = new ArrayList<>();
    for (byte[] chunk : VllmStreamBytes.chunks(TOKENS)) {
      String text = new String(chunk, StandardCharsets.UTF_8);
      int data = text.indexOf("data: ");
      if (data >= 0) {
        payloads.add(text.substring(data + 6, text.indexOf("\n\n", data)).getBytes(StandardCharsets.UTF_8));
      }
    }
    record = assemble();
    ResponseAssembler keeping = new ResponseAssembler(request, 1, 0, 0, true, false, done -> { });
    keeping.onSent(1);
    ResponseReader reader = new ResponseReader();
    reader.start(keeping);
    byte[] whole = VllmStreamBytes.whole(TOKENS);
    reader.feed(whole, 0, whole.length, 2);
    recordWithBodies = keeping.toRecord(null);
    try {
      perRequest = new PerRequestFileWriter(OutputStream.nullOutputStream(), 0, false, NanoClock.SYSTEM,
          PerRequestFileWriter.DEFAULT_FLUSH_INTERVAL_NANOS);
      results = new ResultsWriter(OutputStream.nullOutputStream(), 0, NanoClock.SYSTEM,
          ResultsWriter.DEFAULT_FLUSH_INTERVAL_NANOS);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    perRequest.close();
    results.close();
  }

  /** One request's line of the results file, serialized and compressed (every run; recorder thread). */
  @Benchmark
  public ResultsWriter resultsLine() {
    results.record(record, null);
    return results;
  }

  /** Prompt to request bytes: the JSON body and its headers (done ahead of time on the preparer thread). */
  @Benchmark
  public PreparedRequest buildRequest() {
    return builder.build(VllmStreamBytes.MODEL, prompt);
  }

  /** JSON decoding of the 36 event payloads and assembly of the record: the I/O thread's work after framing. */
  @Benchmark
  public RequestRecord assembleFromPayloads() {
    return assemble();
  }

  /** One entry of the per-request file, serialized and buffered (per_request on; recorder thread). */
  @Benchmark
  public long perRequestEntry() throws IOException {
    perRequest.append(record);
    return perRequest.entries();
  }

  /**
   * The same with the request and response text kept, as per_request on does: the raw SSE text is written and its
   * token-carrying payloads are recovered as response_chunks.
   */
  @Benchmark
  public long perRequestEntryWithBodies() throws IOException {
    perRequest.append(recordWithBodies);
    return perRequest.entries();
  }

  private RequestRecord assemble() {
    ResponseAssembler assembler = new ResponseAssembler(request, 1, 0, 0, false, false, done -> { });
    assembler.onSent(1);
    assembler.onHead(200, true, 0);
    long nanos = 2;
    for (byte[] payload : payloads) {
      assembler.onEvent(false, payload, payload.length, nanos++);
    }
    assembler.onEnd(nanos);
    return assembler.toRecord(null);
  }
}
