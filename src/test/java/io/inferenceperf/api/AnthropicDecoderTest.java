package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages events and bodies, as the Messages API documents them. */
class AnthropicDecoderTest {

  private static DecodedChunk decode(String json) throws IOException {
    DecodedChunk out = new DecodedChunk(true);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    AnthropicDecoder.decode(bytes, 0, bytes.length, out);
    return out;
  }

  @Test
  void onlyTextAndThinkingDeltasCarryTokens() throws IOException {
    DecodedChunk start = decode("""
        {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],
         "model":"m","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}""");
    assertFalse(start.carriesTokens());
    assertEquals(25, start.promptTokens);
    assertEquals(1, start.completionTokens);
    assertFalse(decode("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        .carriesTokens());
    assertFalse(decode("{\"type\":\"ping\"}").carriesTokens());
    DecodedChunk text = decode("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\\\"lo\"}}");
    assertEquals(6, text.contentChars);
    assertEquals("Hel\"lo", text.contentText.toString());
    DecodedChunk reordered = decode("{\"delta\":{\"text\":\"ab\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}");
    assertEquals(2, reordered.contentChars, "field order does not matter");
    DecodedChunk thinking = decode("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}");
    assertEquals(3, thinking.reasoningChars);
    assertEquals(0, thinking.contentChars);
    assertFalse(decode("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}")
        .carriesTokens(), "tool input is not generated text");
  }

  @Test
  void messageDeltaHasUsageAndStopReasonAndMessageStopEndsTheStream() throws IOException {
    DecodedChunk delta = decode("""
        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}""");
    assertEquals(15, delta.completionTokens);
    assertEquals(-1, delta.promptTokens);
    assertEquals("end_turn", delta.finishReason);
    assertFalse(delta.streamEnd);
    assertTrue(decode("{\"type\":\"message_stop\"}").streamEnd);
    assertFalse(decode("{\"type\":\"content_block_stop\",\"index\":0}").streamEnd);
  }

  @Test
  void errorsCarryTheirMessageAndStatus() throws IOException {
    DecodedChunk error = decode("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    assertTrue(error.error);
    assertEquals("Overloaded", error.errorMessage);
    assertEquals(529, error.errorCode);
    assertEquals(429, decode("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"},\"type\":\"error\"}")
        .errorCode);
  }

  @Test
  void aWholeBodyGivesItsTextBlocksAndUsage() throws IOException {
    DecodedChunk body = decode("""
        {"id":"msg_1","type":"message","role":"assistant","model":"m",
         "content":[{"type":"thinking","thinking":"ok","signature":"x"},{"type":"text","text":"Hi there"},
                    {"type":"tool_use","id":"t","name":"f","input":{"text":"not output"}}],
         "stop_reason":"max_tokens","usage":{"input_tokens":9,"cache_read_input_tokens":4,"output_tokens":3}}""");
    assertEquals("Hi there", body.contentText.toString());
    assertEquals("ok", body.reasoningText.toString());
    assertEquals(9, body.promptTokens);
    assertEquals(4, body.cachedTokens);
    assertEquals(3, body.completionTokens);
    assertEquals("max_tokens", body.finishReason);
    assertFalse(body.error);
  }

  @Test
  void malformedInputIsAnErrorAndTheNextDecodeWorks() throws IOException {
    assertThrows(IOException.class, () -> decode("{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"a"));
    assertEquals(1, decode("{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"a\"}}").contentChars);
  }
}
