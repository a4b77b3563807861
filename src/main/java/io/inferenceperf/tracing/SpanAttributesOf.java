package io.inferenceperf.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.IOException;

/**
 * The name and attributes of one request's span, as inference-perf sets them (GenAI semantic conventions, with the
 * names of opentelemetry-semantic-conventions-ai): the model, request type, max_tokens, streaming; the token usage;
 * the latency, TTFT and mean TPOT in seconds; the prompt or messages sent and the text generated; the error. Pure.
 */
final class SpanAttributesOf {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double NANOS_PER_SECOND = 1e9;

  private SpanAttributesOf() {}

  /** llm.completions, llm.chat.completions or llm.messages, after the route. */
  static String spanName(PreparedRequest request) {
    return "llm." + operation(request);
  }

  static String operation(PreparedRequest request) {
    if (request.anthropic()) {
      return "messages";
    }
    return request.chat() ? "chat.completions" : "completions";
  }

  static Attributes of(PreparedRequest request, RequestRecord record, String generatedText, String finishReason) {
    AttributesBuilder a = Attributes.builder()
        .put("gen_ai.system", "openai_compatible")
        .put("gen_ai.request.model", request.model())
        .put("llm.request.type", request.chat() || request.anthropic() ? "chat" : "text_completion")
        .put("llm.is_streaming", request.streaming())
        .put("inference_perf.stage_id", record.stageId())
        .put("inference_perf.request.seq", record.seq());
    if (record.httpStatus() > 0) {
      a.put("http.response.status_code", record.httpStatus());
    }
    input(request, a);
    if (record.sentNanos() >= 0) {
      usageAndTimes(record, a);
    }
    if (finishReason != null) {
      a.put("llm.response.finish_reason", finishReason);
    }
    if (generatedText != null && !generatedText.isEmpty()) {
      a.put("gen_ai.output.text", generatedText);
    }
    if (record.failure() != null) {
      a.put("error.message", record.failure().message());
    }
    return a.build();
  }

  private static void usageAndTimes(RequestRecord record, AttributesBuilder a) {
    int prompt = Math.max(0, record.promptTokens());
    int completion = Math.max(0, record.outputTokens());
    a.put("gen_ai.usage.prompt_tokens", prompt)
        .put("gen_ai.usage.completion_tokens", completion)
        .put("llm.usage.total_tokens", prompt + completion)
        .put("gen_ai.response.total_latency", record.latencyNanos() / NANOS_PER_SECOND);
    long[] chunks = record.chunkNanos();
    if (chunks.length > 0) {
      a.put("gen_ai.response.time_to_first_token", record.ttftNanos() / NANOS_PER_SECOND);
    }
    if (chunks.length > 1) {
      a.put("gen_ai.response.time_per_output_token",
          (chunks[chunks.length - 1] - chunks[0]) / (double) (chunks.length - 1) / NANOS_PER_SECOND);
    }
  }

  /** The prompt (completion) or the messages as JSON (chat, messages), from the body that was sent. */
  private static void input(PreparedRequest request, AttributesBuilder a) {
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException notJson) {
      return;
    }
    if (body == null) {
      return;
    }
    JsonNode maxTokens = body.get("max_tokens");
    if (maxTokens != null && maxTokens.isIntegralNumber()) {
      a.put("gen_ai.request.max_tokens", maxTokens.asLong());
    }
    JsonNode messages = body.get("messages");
    JsonNode prompt = body.get("prompt");
    if (messages != null) {
      a.put("gen_ai.input.messages", messages.toString());
    } else if (prompt != null && prompt.isTextual()) {
      a.put("gen_ai.prompt", prompt.asText());
    }
  }
}
