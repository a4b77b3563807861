package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {

  private static DecodedChunk decode(String json, boolean capture) throws IOException {
    DecodedChunk chunk = new DecodedChunk(capture);
    byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
    ChunkDecoder.decode(bytes, 2, bytes.length - 4, chunk);
    return chunk;
  }

  @Test
  void roleOnlyPreludeCarriesNoToken() throws IOException {
    DecodedChunk chunk = decode("""
        {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,
         "delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}""", true);
    assertFalse(chunk.carriesTokens());
    assertEquals(-1, chunk.completionTokens);
    assertNull(chunk.finishReason);
  }

  @Test
  void chatContentDelta() throws IOException {
    DecodedChunk chunk = decode("""
        {"choices":[{"index":0,"delta":{"content":"Hé\\nllo"},"finish_reason":null}]}""", true);
    assertTrue(chunk.carriesTokens());
    assertEquals(6, chunk.contentChars);
    assertEquals("Hé\nllo", chunk.contentText.toString());
    assertEquals(0, chunk.reasoningChars);
  }

  @Test
  void completionTextWithoutCapturingAllocatesNoText() throws IOException {
    DecodedChunk chunk = decode("""
        {"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":" world","logprobs":null,
         "finish_reason":"length","stop_reason":null}]}""", false);
    assertEquals(6, chunk.contentChars);
    assertNull(chunk.contentText);
    assertEquals("length", chunk.finishReason);
  }

  @Test
  void everyFinishReasonIsKeptAsSent() throws IOException {
    for (String reason : new String[] {"stop", "length", "tool_calls", "content_filter", "abort", "sto", "stopped",
        "eos_token", "LENGTH"}) {
      DecodedChunk chunk = decode("{\"choices\":[{\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}", false);
      assertEquals(reason, chunk.finishReason);
    }
  }

  @Test
  void reasoningUnderBothNames() throws IOException {
    DecodedChunk vllmOld = decode("{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}", true);
    DecodedChunk vllmNew = decode("{\"choices\":[{\"delta\":{\"reasoning\":\"hmm\",\"content\":null}}]}", true);
    assertEquals(5, vllmOld.reasoningChars);
    assertEquals("think", vllmOld.reasoningText.toString());
    assertEquals(3, vllmNew.reasoningChars);
    assertEquals(0, vllmNew.contentChars);
    assertTrue(vllmNew.carriesTokens());
  }

  @Test
  void usageOnlyChunk() throws IOException {
    DecodedChunk chunk = decode("""
        {"id":"c1","choices":[],"usage":{"prompt_tokens":12,"total_tokens":44,"completion_tokens":32,
         "prompt_tokens_details":{"cached_tokens":8}}}""", true);
    assertFalse(chunk.carriesTokens());
    assertEquals(12, chunk.promptTokens);
    assertEquals(32, chunk.completionTokens);
    assertEquals(8, chunk.cachedTokens);
  }

  @Test
  void usageWithNullsAndUnknownShapes() throws IOException {
    DecodedChunk chunk = decode("""
        {"usage":{"prompt_tokens":3,"completion_tokens":null,"prompt_tokens_details":null,"extra":[1,{"a":2}]},
         "choices":[{"delta":{"tool_calls":[{"id":"x"}],"content":["part"]}}],"system_fingerprint":{"k":[]}}""",
        true);
    assertEquals(3, chunk.promptTokens);
    assertEquals(-1, chunk.completionTokens);
    assertEquals(-1, chunk.cachedTokens);
    assertFalse(chunk.carriesTokens());
  }

  @Test
  void nonStreamingBodiesConcatenateAllChoices() throws IOException {
    DecodedChunk chat = decode("""
        {"object":"chat.completion","choices":[
          {"index":0,"message":{"role":"assistant","reasoning_content":"r1","content":"Hello"}},
          {"index":1,"message":{"role":"assistant","content":" there"}}],
         "usage":{"prompt_tokens":4,"completion_tokens":7}}""", true);
    assertEquals("Hello there", chat.contentText.toString());
    assertEquals("r1", chat.reasoningText.toString());
    assertEquals(7, chat.completionTokens);
  }

  @Test
  void errorShapes() throws IOException {
    DecodedChunk openai = decode("{\"error\":{\"message\":\"bad\",\"type\":\"x\",\"code\":503}}", false);
    assertTrue(openai.error);
    assertEquals("bad", openai.errorMessage);
    assertEquals(503, openai.errorCode);

    DecodedChunk vllm = decode("""
        {"object":"error","message":"context too long","type":"BadRequestError","param":null,"code":400}""", false);
    assertTrue(vllm.error);
    assertEquals("context too long", vllm.errorMessage);
    assertEquals(400, vllm.errorCode);

    DecodedChunk text = decode("{\"error\":\"overloaded\",\"code\":\"429\"}", false);
    assertTrue(text.error);
    assertEquals("overloaded", text.errorMessage);

    assertFalse(decode("{\"error\":null,\"choices\":[]}", false).error);
  }

  @Test
  void truncatedInputInsideASkippedValueFailsFastAndTheNextDecodeWorks() {
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      assertThrows(IOException.class, () -> decode("{\"x\":{\"y\":[1,{\"z\":2", false));
      assertThrows(IOException.class, () -> decode("{\"choices\":[{\"delta\":{\"content\":\"ab", false));
      assertEquals(2, decode("{\"choices\":[{\"text\":\"ok\"}]}", false).contentChars);
    });
  }

  @Test
  void consecutiveObjectsDecodeIndependently() throws IOException {
    assertEquals(1, decode("{\"choices\":[{\"text\":\"a\"}],\"usage\":{\"prompt_tokens\":5}}", false).contentChars);
    DecodedChunk next = decode("{\"choices\":[{\"text\":\"bcd\"}]}", false);
    assertEquals(3, next.contentChars);
    assertEquals(-1, next.promptTokens);
  }

  @Test
  void malformedJsonThrows() {
    for (String bad : new String[] {"", "[1]", "{\"a\":", "{\"a\":1}}", "not json", "{\"a\":1} {\"b\":2}"}) {
      assertThrows(IOException.class, () -> decode(bad, false), bad);
    }
  }

  @Test
  void trailingPartialTokenIsMalformedAndDoesNotReachTheNextObject() throws IOException {
    for (String bad : new String[] {"{\"choices\":[]} \"ab", "{\"choices\":[]} 12", "{\"choices\":[]}\ntru"}) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      DecodedChunk out = new DecodedChunk(false);
      assertThrows(IOException.class, () -> ChunkDecoder.decodeWithJackson(bytes, 0, bytes.length, out), bad);
      byte[] next = "{\"choices\":[{\"text\":\"abc\"}]}".getBytes(StandardCharsets.UTF_8);
      DecodedChunk chunk = new DecodedChunk(false);
      ChunkDecoder.decodeWithJackson(next, 0, next.length, chunk);
      assertEquals(3, chunk.contentChars, bad);
    }
  }

  @Test
  void structuredObjectAndFinishReasonValuesAreSkipped() throws IOException {
    DecodedChunk chunk = decode("{\"object\":{\"a\":[1]},\"choices\":[{\"finish_reason\":{\"b\":2},\"text\":\"xy\"}]}",
        false);
    assertEquals(2, chunk.contentChars);
    assertNull(chunk.finishReason);
    assertFalse(chunk.error);
  }

  @Test
  void fastPathAllocatesNothingPerEvent() throws IOException {
    byte[] content = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1780000000,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" fox\"},\"logprobs\":null,"
        + "\"finish_reason\":null}]}").getBytes(StandardCharsets.UTF_8);
    byte[] usage = ("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,"
        + "\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":0}}}").getBytes(StandardCharsets.UTF_8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (boolean capture : new boolean[] {false, true}) {
      DecodedChunk chunk = new DecodedChunk(capture);
      decodeMany(content, usage, chunk, 20_000); // warm up: compiled code, builders at their size
      long before = threads.getCurrentThreadAllocatedBytes();
      decodeMany(content, usage, chunk, 10_000);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(allocated < 10_000, "capture=" + capture + ": " + allocated + " bytes for 20,000 events");
    }
  }

  private static void decodeMany(byte[] content, byte[] usage, DecodedChunk chunk, int times) throws IOException {
    for (int i = 0; i < times; i++) {
      chunk.reset();
      ChunkDecoder.decode(content, 0, content.length, chunk);
      chunk.reset();
      ChunkDecoder.decode(usage, 0, usage.length, chunk);
    }
  }
}
