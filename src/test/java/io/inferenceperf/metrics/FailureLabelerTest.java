package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.Failure.Kind;
import org.junit.jupiter.api.Test;

class FailureLabelerTest {

  @Test
  void wellKnownHttpCodesHaveFixedNamesWhateverTheMessage() {
    assertEquals("429 - Rate Limit", FailureLabeler.label(Failure.http(429, "slow down")));
    assertEquals("500 - Internal Server Error", FailureLabeler.label(Failure.http(500, "timeout inside")));
    assertEquals("502 - Bad Gateway", FailureLabeler.label(Failure.http(502, "")));
    assertEquals("503 - Service Unavailable", FailureLabeler.label(Failure.http(503, null)));
    assertEquals("504 - Gateway Timeout", FailureLabeler.label(Failure.http(504, "upstream")));
  }

  @Test
  void otherHttpCodesAreNamedFromTheServerMessage() {
    assertEquals("400 - Context Window", FailureLabeler.label(Failure.http(400,
        "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens\"}}")));
    assertEquals("400 - Context Window", FailureLabeler.label(Failure.http(400, "max_tokens is too large")));
    assertEquals("400 - Invalid JSON", FailureLabeler.label(Failure.http(400, "Expecting value: line 1 column 1")));
    assertEquals("408 - Timeout", FailureLabeler.label(Failure.http(408, "request timed out")));
    assertEquals("404 - Model Not Found", FailureLabeler.label(Failure.http(404,
        "{\"message\":\"The model `x` does not exist: model not found\"}")));
    assertEquals("401 - other", FailureLabeler.label(Failure.http(401, "{\"error\":{\"message\":\"bad key\"}}")));
  }

  @Test
  void theStatusDecidesEvenWhenTheMessageNamesAnotherCode() {
    assertEquals("400 - other", FailureLabeler.label(Failure.http(400, "upstream said 500")));
  }

  @Test
  void transportAndOwnKindsHaveTheirLabels() {
    assertEquals("Timeout", FailureLabeler.label(Failure.of(Kind.TIMEOUT, "idle")));
    assertEquals("Connection Error", FailureLabeler.label(Failure.of(Kind.CONNECTION, "reset")));
    assertEquals("Stream Cut", FailureLabeler.label(Failure.of(Kind.STREAM_CUT, "eof")));
    assertEquals("Protocol Error", FailureLabeler.label(Failure.of(Kind.PROTOCOL, "bad sse")));
    assertEquals("Cut At Stage End", FailureLabeler.label(Failure.of(Kind.CUT_AT_STAGE_END, "")));
    assertEquals("Interrupted", FailureLabeler.label(Failure.of(Kind.INTERRUPTED, "SIGINT")));
  }

  @Test
  void otherFailuresAreRecognisedFromTheMessage() {
    assertEquals("Timeout", FailureLabeler.label(Failure.of(Kind.OTHER, "operation timed out")));
    assertEquals("Connection Error", FailureLabeler.label(Failure.of(Kind.OTHER, "Cannot connect to host")));
    assertEquals("other", FailureLabeler.label(Failure.of(Kind.OTHER, "NullPointerException")));
  }

  @Test
  void conciseMessageExtractsTheJsonErrorMessage() {
    assertEquals("engine overloaded",
        FailureLabeler.conciseMessage("{\"error\":{\"message\":\"engine overloaded\",\"code\":503}}"));
    assertEquals("top level", FailureLabeler.conciseMessage("{\"message\":\"top level\"}"));
    assertEquals("{not json", FailureLabeler.conciseMessage("{not json"));
    assertEquals("plain text", FailureLabeler.conciseMessage("plain text"));
    assertEquals("{\"detail\":\"x\"}", FailureLabeler.conciseMessage("{\"detail\":\"x\"}"));
    assertEquals("", FailureLabeler.conciseMessage(null));
  }

  @Test
  void errorTypesFollowInferencePerfForHttp() {
    assertEquals("HTTP Error 503", FailureLabeler.errorType(Failure.http(503, "")));
    assertEquals("TimeoutError", FailureLabeler.errorType(Failure.of(Kind.TIMEOUT, "")));
  }
}
