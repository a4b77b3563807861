package io.inferenceperf.transport;

import static io.inferenceperf.transport.ScheduledStreamBytes.chunk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.api.ResponseAssembler;
import io.inferenceperf.bench.VllmStreamBytes;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The full byte path (HTTP, chunked, SSE, OpenAI decoding) without sockets. */
class ResponseReaderTest {

  private static final PreparedRequest REQUEST = new PreparedRequest(
      "/v1/chat/completions", new byte[10], Map.of(), VllmStreamBytes.MODEL, true, 100, true);

  private final ResponseReader reader = new ResponseReader();

  private ResponseAssembler start() {
    ResponseAssembler assembler = new ResponseAssembler(REQUEST, 1, 0, 0, false, false, done -> { });
    assembler.onSent(1);
    reader.start(assembler);
    return assembler;
  }

  @Test
  void eachEventGetsTheArrivalTimeOfItsRead() {
    ResponseAssembler assembler = start();
    List<byte[]> chunks = VllmStreamBytes.chunks(32);
    byte[] head = VllmStreamBytes.head();
    reader.feed(head, 0, head.length, 10);
    for (int i = 0; i < chunks.size(); i++) {
      byte[] chunk = chunks.get(i);
      assertEquals(chunk.length, reader.feed(chunk, 0, chunk.length, 100 + i));
    }
    assertTrue(reader.complete());
    assertTrue(reader.keepAlive());
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success(), String.valueOf(record.failure()));
    long[] expected = new long[32];
    for (int i = 0; i < 32; i++) {
      expected[i] = 101 + i; // chunk 0 is the role prelude
    }
    assertArrayEquals(expected, record.chunkNanos());
    assertEquals(101, record.firstContentNanos());
    assertEquals(100 + chunks.size() - 1, record.endNanos(), "ends with the read of the terminating chunk");
    assertEquals(32, record.serverOutputTokens());
    assertEquals(32, record.clientOutputTokens());
    assertEquals(128, record.promptTokens());
  }

  private static final PreparedRequest MESSAGES = new PreparedRequest(
      "/v1/messages", new byte[10], Map.of(), "m", true, 50, true, true, null);

  private static byte[] anthropicEvent(String name, String json) {
    return ("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Anthropic Messages events: each text delta gets the arrival time of its read, message_stop ends the stream. */
  @Test
  void anthropicEventsAreTimedByTheirReadAndEndWithMessageStop() {
    ResponseAssembler assembler = new ResponseAssembler(MESSAGES, 1, 0, 0, false, false, done -> { });
    assembler.onSent(1);
    reader.start(assembler);
    byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    reader.feed(head, 0, head.length, 10);
    List<byte[]> reads = List.of(
        anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":42,"
            + "\"output_tokens\":1}}}"),
        anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}"),
        anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
        anthropicEvent("ping", "{\"type\":\"ping\"}"),
        anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\" there\"}}"),
        anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},"
            + "\"usage\":{\"output_tokens\":2}}"));
    for (int i = 0; i < reads.size(); i++) {
      byte[] bytes = chunk(reads.get(i));
      reader.feed(bytes, 0, bytes.length, 100 + i);
    }
    byte[] stop = chunk(anthropicEvent("message_stop", "{\"type\":\"message_stop\"}"));
    byte[] end = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] last = Arrays.copyOf(stop, stop.length + end.length);
    System.arraycopy(end, 0, last, stop.length, end.length);
    reader.feed(last, 0, last.length, 200);
    assertTrue(reader.complete());
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success(), String.valueOf(record.failure()));
    assertArrayEquals(new long[] {102, 104}, record.chunkNanos());
    assertEquals(102, record.firstContentNanos());
    assertEquals(42, record.promptTokens());
    assertEquals(2, record.serverOutputTokens());
    assertEquals(200, record.endNanos());

    ResponseAssembler cut = new ResponseAssembler(MESSAGES, 2, 0, 0, false, false, done -> { });
    reader.start(cut);
    reader.feed(head, 0, head.length, 10);
    byte[] first = chunk(reads.get(2));
    reader.feed(first, 0, first.length, 20);
    reader.feed(end, 0, end.length, 30);
    Failure failure = cut.toRecord(null).failure();
    assertEquals(Failure.Kind.STREAM_CUT, failure.kind(), "no message_stop: the stream was cut");
    assertTrue(failure.message().contains("message_stop"), failure.message());
  }

  @Test
  void aWantedResponseHeaderReachesItsSinkWhateverItsCaseAndTheStatus() {
    List<String> seen = new java.util.ArrayList<>();
    PreparedRequest capturing = new PreparedRequest("/v1/completions", new byte[1], Map.of(), "m", false, 1, false,
        false, new io.inferenceperf.record.HeaderCapture("x-session-token", seen::add));
    for (String status : List.of("200 OK", "503 Service Unavailable")) {
      ResponseAssembler assembler = new ResponseAssembler(capturing, 1, 0, 0, false, false, done -> { });
      reader.start(assembler);
      byte[] response = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nX-Session-Token:  tok-7 \r\n"
          + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
      reader.feed(response, 0, response.length, 5);
      assertTrue(reader.complete());
    }
    assertEquals(List.of("tok-7", "tok-7"), seen);
    start(); // a request that wants no header hands none over
    byte[] response = "HTTP/1.1 200 OK\r\nX-Session-Token: tok-8\r\nContent-Length: 2\r\n\r\n{}"
        .getBytes(StandardCharsets.US_ASCII);
    reader.feed(response, 0, response.length, 5);
    assertTrue(reader.complete());
    assertEquals(2, seen.size());
  }

  @Test
  void everySplitOfTheWholeResponseGivesTheSameRecord() {
    byte[] whole = VllmStreamBytes.whole(4);
    RequestRecord reference = null;
    for (int split = 1; split < whole.length; split++) {
      ResponseAssembler assembler = start();
      reader.feed(whole, 0, split, 5);
      reader.feed(whole, split, whole.length - split, 5);
      RequestRecord record = assembler.toRecord(null);
      assertTrue(reader.complete() && record.success(), "split " + split);
      if (reference == null) {
        reference = record;
      }
      assertArrayEquals(reference.chunkNanos(), record.chunkNanos(), "split " + split);
      assertEquals(4, record.chunkNanos().length);
      assertEquals(4, record.serverOutputTokens());
    }
  }

  @Test
  void theReaderIsReusableAcrossResponsesOnAConnection() {
    byte[] whole = VllmStreamBytes.whole(3);
    byte[] twice = Arrays.copyOf(whole, whole.length * 2);
    System.arraycopy(whole, 0, twice, whole.length, whole.length);
    ResponseAssembler first = start();
    int consumed = reader.feed(twice, 0, twice.length, 7);
    assertEquals(whole.length, consumed, "stops at the end of the first response");
    assertTrue(first.toRecord(null).success());
    ResponseAssembler second = start();
    reader.feed(twice, consumed, twice.length - consumed, 8);
    RequestRecord record = second.toRecord(null);
    assertTrue(record.success());
    assertArrayEquals(new long[] {8, 8, 8}, record.chunkNanos());
  }

  @Test
  void closeBeforeTheEndIsReportedAsNotEnding() {
    ResponseAssembler assembler = start();
    byte[] whole = VllmStreamBytes.whole(3);
    reader.feed(whole, 0, whole.length - 20, 3);
    assertTrue(reader.started());
    assertFalse(reader.onConnectionClosed(4));
    assertEquals(null, assembler.failure());
  }

  @Test
  void nonStreamingBodyFramedByCloseEndsAtTheClose() {
    ResponseAssembler assembler = start();
    byte[] bytes = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
        + "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}").getBytes(StandardCharsets.UTF_8);
    reader.feed(bytes, 0, bytes.length, 3);
    assertFalse(reader.complete());
    assertTrue(reader.onConnectionClosed(9));
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success());
    assertEquals(9, record.endNanos());
  }

  @Test
  void http503WithAnEventStreamContentTypeIsAnHttpFailure() {
    ResponseAssembler assembler = start();
    byte[] bytes = ("HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/event-stream\r\ncontent-length: 28\r\n\r\n"
        + "data: {\"error\":\"overload\"}\n\n").getBytes(StandardCharsets.UTF_8);
    reader.feed(bytes, 0, bytes.length, 3);
    assertTrue(reader.complete());
    assertEquals(Failure.http(503, "data: {\"error\":\"overload\"}"), assembler.toRecord(null).failure());
  }
}
