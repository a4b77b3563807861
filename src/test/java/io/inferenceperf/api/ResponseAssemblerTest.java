package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.tokenizer.SimulatorTokenizer;
import io.inferenceperf.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {

  private static final PreparedRequest CHAT = new PreparedRequest("/v1/chat/completions",
      "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8), Map.of(), "m", true, 17, true);

  private static ResponseAssembler assembler(boolean keepBodies, boolean keepTexts) {
    ResponseAssembler assembler = new ResponseAssembler(CHAT, 7, 2, 1_000, keepBodies, keepTexts, done -> { });
    assembler.onSent(1_500);
    return assembler;
  }

  private static void event(ResponseAssembler assembler, String data, long nanos) {
    event(assembler, false, data, nanos);
  }

  private static void event(ResponseAssembler assembler, boolean errorEvent, String data, long nanos) {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    assembler.onBody(bytes, 0, bytes.length);
    assembler.onEvent(errorEvent, bytes, bytes.length, nanos);
  }

  private static String delta(String field, String text) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"" + field + "\":\"" + text + "\"},\"finish_reason\":null}]}";
  }

  private static void reasoningThenContentStream(ResponseAssembler assembler) {
    assembler.onHead(200, true, 0);
    event(assembler, "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", 2_000);
    event(assembler, delta("reasoning_content", "let me think"), 3_000);
    event(assembler, delta("content", "Hello"), 4_000);
    event(assembler, delta("content", " big world"), 5_000);
    event(assembler, "{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}", 5_500);
    event(assembler, "{\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":6,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":16}}}", 6_000);
    event(assembler, "[DONE]", 6_000);
    assembler.onEnd(6_100);
  }

  @Test
  void generatedTextIsKeptOnlyWhenChunkTextsAreKept() {
    ResponseAssembler keeping = assembler(false, true);
    reasoningThenContentStream(keeping);
    assertEquals("let me thinkHello big world", keeping.generatedText());
    ResponseAssembler notKeeping = assembler(false, false);
    reasoningThenContentStream(notKeeping);
    assertNull(notKeeping.generatedText());

    ResponseAssembler whole = assembler(false, true);
    whole.onHead(200, false, 0);
    byte[] body = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"All at once\"}}]}"
        .getBytes(StandardCharsets.UTF_8);
    whole.onBody(body, 0, body.length);
    whole.onEnd(9_000);
    assertEquals("All at once", whole.generatedText());
  }

  @Test
  void eventsThatShareOneStampAreBoundedByTheirReadsEarliestArrival() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 1_900);
    assembler.onRead(true, 100, 1_800); // one event per read: each kept its own segment's stamp
    event(assembler, delta("content", "a"), 2_000);
    assembler.onRead(true, 50_000, 2_100); // a late read of three events: the first two arrived in [2_100, 9_000]
    event(assembler, delta("content", "b"), 9_000);
    event(assembler, delta("content", "c"), 9_000);
    event(assembler, delta("content", "d"), 9_000);
    assembler.onRead(true, 10, 9_050); // a read of the same merged segment, with the same stamp, joins the group
    event(assembler, delta("content", "e"), 9_000);
    assembler.onRead(true, 10, 9_100);
    event(assembler, delta("content", "f"), 9_500);
    event(assembler, "[DONE]", 9_500);
    assembler.onEnd(9_600);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(9_000 - 2_100, record.arrivalUncertaintyNanos());
    assertEquals(50_000, record.readLatenessNanos());
  }

  @Test
  void everyEventInItsOwnReadIsExactAndUserSpaceTimesAreUnbounded() {
    ResponseAssembler exact = assembler(false, false);
    exact.onHead(200, true, 1_900);
    exact.onRead(true, 100, 1_800);
    event(exact, delta("content", "a"), 2_000);
    exact.onRead(true, 100, 2_050);
    event(exact, delta("content", "b"), 3_000);
    event(exact, "[DONE]", 3_000);
    exact.onEnd(3_100);
    assertEquals(0, exact.toRecord(null).arrivalUncertaintyNanos());
    ResponseAssembler userSpace = assembler(false, false);
    reasoningThenContentStream(userSpace);
    assertEquals(-1, userSpace.toRecord(null).arrivalUncertaintyNanos(), "no kernel stamps: not bounded");
  }

  @Test
  void streamWithoutTokenizerCountsTokenCarryingChunks() {
    ResponseAssembler assembler = assembler(false, false);
    reasoningThenContentStream(assembler);
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success(), String.valueOf(record.failure()));
    assertEquals(7, record.seq());
    assertEquals(2, record.stageId());
    assertEquals(1_000, record.intendedStartNanos());
    assertEquals(1_500, record.sentNanos());
    assertEquals(6_100, record.endNanos());
    assertArrayEquals(new long[] {3_000, 4_000, 5_000}, record.chunkNanos(), "role and usage chunks are no tokens");
    assertArrayEquals(new int[] {1, 1, 1}, record.chunkTokens());
    assertEquals(4_000, record.firstContentNanos(), "reasoning counts for TTFT, not for first content");
    assertEquals(1_500, record.ttftNanos());
    assertEquals(20, record.promptTokens());
    assertTrue(record.promptTokensFromServer());
    assertEquals(3, record.clientOutputTokens());
    assertEquals(6, record.serverOutputTokens());
    assertEquals(16, record.cachedPromptTokens());
    assertEquals(CHAT.body().length, record.requestBytes());
    assertEquals(200, record.httpStatus());
    assertEquals("m", record.model());
    assertNull(record.requestBody());
    assertNull(record.responseBody());
  }

  @Test
  void streamWithTokenizerCountsEachChunkAndTheWhole() {
    ResponseAssembler assembler = assembler(true, true);
    reasoningThenContentStream(assembler);
    RequestRecord record = assembler.toRecord(new WordTokenizer());
    assertArrayEquals(new int[] {3, 1, 2}, record.chunkTokens());
    assertEquals(5, record.clientOutputTokens(), "'let me thinkHello big world' is 5 words");
    assertEquals("{\"model\":\"m\"}", record.requestBody());
    assertTrue(record.responseBody().startsWith("{\"choices\":[{\"delta\":{\"role\""), record.responseBody());
    assertTrue(record.responseBody().endsWith("[DONE]"));
  }

  @Test
  void inPlaceCountingOfLongStreamsMatchesCountingEachChunkAlone() {
    ResponseAssembler assembler = assembler(false, true);
    assembler.onHead(200, true, 0);
    StringBuilder expectedText = new StringBuilder();
    int chunks = 70; // past the initial room for 32 chunks, twice
    for (int i = 0; i < chunks; i++) {
      String text = i % 3 == 0 ? " two words" : " w" + i;
      event(assembler, delta(i % 5 == 0 ? "reasoning_content" : "content", text), 10_000 + i);
      expectedText.append(text);
    }
    event(assembler, "[DONE]", 20_000);
    assembler.onEnd(20_100);
    Tokenizer simulatorWords = SimulatorTokenizer.instance();
    RequestRecord record = assembler.toRecord(simulatorWords);
    assertEquals(chunks, record.chunkNanos().length);
    for (int i = 0; i < chunks; i++) {
      assertEquals(10_000 + i, record.chunkNanos()[i]);
      assertEquals(i % 3 == 0 ? 2 : 1, record.chunkTokens()[i], "chunk " + i);
    }
    assertEquals(simulatorWords.countTokens(expectedText.toString(), false), record.clientOutputTokens());
    assertEquals(expectedText.toString(), assembler.generatedText());
    assertArrayEquals(record.chunkTokens(), assembler.toRecord(new WordTokenizer()).chunkTokens(),
        "the copying default agrees with in-place counting");
  }

  @Test
  void clientPromptCountIsUsedWithoutServerUsage() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, delta("content", "x"), 2_000);
    event(assembler, "[DONE]", 2_100);
    assembler.onEnd(2_200);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(17, record.promptTokens());
    assertFalse(record.promptTokensFromServer());
    assertEquals(-1, record.serverOutputTokens());
    assertEquals(-1, record.cachedPromptTokens());
  }

  @Test
  void streamEndingWithoutDoneIsCutButKeepsItsChunks() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, delta("content", "a"), 2_000);
    event(assembler, delta("content", "b"), 3_000);
    assembler.onEnd(3_500);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(Failure.Kind.STREAM_CUT, record.failure().kind());
    assertArrayEquals(new long[] {2_000, 3_000}, record.chunkNanos());
    assertEquals(3_500, record.endNanos());
  }

  @Test
  void errorObjectInsideA200StreamIsAProtocolFailureWithItsCode() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, delta("content", "a"), 2_000);
    event(assembler, "{\"object\":\"error\",\"message\":\"KV cache full\",\"code\":503}", 2_500);
    event(assembler, "[DONE]", 2_600);
    assembler.onEnd(2_700);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(new Failure(Failure.Kind.PROTOCOL, 503, "error in 200 response: KV cache full"), record.failure());
    assertEquals(200, record.httpStatus());
    assertEquals(2_700, record.endNanos());
    assertEquals(1, record.chunkNanos().length);
  }

  @Test
  void namedErrorEventIsAFailureEvenWithoutAnErrorField() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, true, "{\"detail\":\"engine died\"}", 2_000);
    assembler.onEnd(2_100);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(Failure.Kind.PROTOCOL, record.failure().kind());
    assertTrue(record.failure().message().contains("engine died"), record.failure().message());
  }

  @Test
  void malformedEventIsAProtocolFailureAndMeasuringContinues() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, "{\"choices\":[{\"delta\":{\"content\":\"a\"", 2_000);
    event(assembler, delta("content", "b"), 3_000);
    event(assembler, "[DONE]", 3_100);
    assembler.onEnd(3_200);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(Failure.Kind.PROTOCOL, record.failure().kind());
    assertTrue(record.failure().message().startsWith("malformed JSON in SSE event: {\"choices\""));
    assertArrayEquals(new long[] {3_000}, record.chunkNanos());
  }

  @Test
  void zeroTokenStreamIsASuccessWithoutTtft() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}", 2_000);
    event(assembler, "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}", 2_000);
    event(assembler, "[DONE]", 2_000);
    assembler.onEnd(2_000);
    RequestRecord record = assembler.toRecord(null);
    assertTrue(record.success());
    assertEquals(-1, record.ttftNanos());
    assertEquals(0, record.clientOutputTokens());
    assertEquals(1, record.serverOutputTokens());
  }

  @Test
  void httpErrorBodyIsTrimmedUnlessBodiesAreKept() {
    String longBody = "{\"error\":{\"message\":\"" + "x".repeat(3000) + "\"}}";
    byte[] bytes = longBody.getBytes(StandardCharsets.UTF_8);
    ResponseAssembler trimmed = assembler(false, false);
    trimmed.onHead(500, false, 0);
    trimmed.onBody(bytes, 0, bytes.length);
    trimmed.onEnd(9_000);
    RequestRecord record = trimmed.toRecord(null);
    assertEquals(Failure.Kind.HTTP_STATUS, record.failure().kind());
    assertEquals(500, record.failure().httpStatus());
    assertTrue(record.failure().message().startsWith(longBody.substring(0, ResponseAssembler.ERROR_BODY_LIMIT)));
    assertTrue(record.failure().message().endsWith("... (" + (bytes.length - 1024) + " more bytes)"));
    assertEquals(500, record.httpStatus());

    ResponseAssembler kept = assembler(true, false);
    kept.onHead(500, false, 0);
    kept.onBody(bytes, 0, bytes.length);
    kept.onEnd(9_000);
    RequestRecord keptRecord = kept.toRecord(null);
    assertEquals(longBody, keptRecord.responseBody());
    assertEquals(record.failure(), keptRecord.failure());
  }

  @Test
  void eventStreamContentTypeOnAnErrorStatusIsNotFramed() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(503, true, 0);
    assertFalse(assembler.wantsEvents());
  }

  @Test
  void nonStreamingBodyIsDecodedAtTheEnd() {
    ResponseAssembler assembler = assembler(false, true);
    assembler.onHead(200, false, 0);
    byte[] body = """
        {"choices":[{"message":{"role":"assistant","content":"four words in here"}}],
         "usage":{"prompt_tokens":9,"completion_tokens":4}}""".getBytes(StandardCharsets.UTF_8);
    assembler.onBody(body, 0, 10);
    assembler.onBody(body, 10, body.length - 10);
    assembler.onEnd(8_000);
    RequestRecord record = assembler.toRecord(new WordTokenizer());
    assertTrue(record.success());
    assertEquals(0, record.chunkNanos().length);
    assertEquals(4, record.clientOutputTokens());
    assertEquals(4, record.serverOutputTokens());
    assertEquals(9, record.promptTokens());
    assertEquals(6_500, record.latencyNanos());

    ResponseAssembler noTokenizer = assembler(false, false);
    noTokenizer.onHead(200, false, 0);
    noTokenizer.onBody(body, 0, body.length);
    noTokenizer.onEnd(8_000);
    assertEquals(0, noTokenizer.toRecord(null).clientOutputTokens());
  }

  @Test
  void nonStreamingErrorBodyAnd200EmptyBody() {
    ResponseAssembler error = assembler(false, false);
    error.onHead(200, false, 0);
    byte[] body = "{\"error\":{\"message\":\"nope\",\"code\":429}}".getBytes(StandardCharsets.UTF_8);
    error.onBody(body, 0, body.length);
    error.onEnd(1);
    assertEquals(new Failure(Failure.Kind.PROTOCOL, 429, "error in 200 response: nope"),
        error.toRecord(null).failure());

    ResponseAssembler empty = assembler(false, false);
    empty.onHead(200, false, 0);
    empty.onEnd(1);
    assertEquals(Failure.Kind.PROTOCOL, empty.toRecord(null).failure().kind());
  }

  @Test
  void abortKeepsWhatArrivedAndTheFirstFailureWins() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    event(assembler, delta("content", "a"), 2_000);
    assembler.onAbort(Failure.of(Failure.Kind.TIMEOUT, "idle"), 9_000);
    assembler.onAbort(Failure.of(Failure.Kind.STREAM_CUT, "later"), 9_500);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(Failure.of(Failure.Kind.TIMEOUT, "idle"), record.failure());
    assertEquals(9_000, record.endNanos());
    assertArrayEquals(new long[] {2_000}, record.chunkNanos());
  }

  @Test
  void manyChunksGrowTheTimeArray() {
    ResponseAssembler assembler = assembler(false, false);
    assembler.onHead(200, true, 0);
    for (int i = 0; i < 1000; i++) {
      event(assembler, delta("content", "t"), 2_000 + i);
    }
    event(assembler, "[DONE]", 5_000);
    assembler.onEnd(5_000);
    RequestRecord record = assembler.toRecord(null);
    assertEquals(1000, record.chunkNanos().length);
    assertEquals(2_999, record.chunkNanos()[999]);
    assertEquals(1000, record.clientOutputTokens());
  }
}
