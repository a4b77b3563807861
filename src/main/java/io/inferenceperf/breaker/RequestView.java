package io.inferenceperf.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.metrics.FailureLabeler;
import io.inferenceperf.metrics.RequestMetrics;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;

/**
 * What a breaker's expressions see of one finished request: inference-perf's request metric as it dumps it for its
 * breakers (stage_id, scheduled_time, start_time, end_time, request_data, response_data, info, error; absent values
 * left out), plus our per-request figures under the per-request file's names (seq, sent, http_status, model,
 * request_latency, ttft, tpot, ntpot, error.label, error.kind). Times are seconds: points in time on the run's
 * monotonic clock (any origin, as inference-perf's perf_counter readings), durations as such.
 */
public final class RequestView {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestView() {}

  public static JsonNode of(RequestRecord record, boolean useServerOutputTokens) {
    RequestMetrics metrics = RequestMetrics.of(record, useServerOutputTokens);
    ObjectNode view = NODES.objectNode();
    view.put("stage_id", record.stageId());
    view.put("scheduled_time", seconds(record.intendedStartNanos()));
    view.put("start_time", seconds(RequestMetrics.startNanos(record)));
    view.put("end_time", seconds(RequestMetrics.endNanos(record)));
    if (record.requestBody() != null) view.put("request_data", record.requestBody());
    if (record.responseBody() != null) view.put("response_data", record.responseBody());
    view.set("info", info(record));
    if (record.failure() != null) view.set("error", error(record.failure()));
    view.put("seq", record.seq());
    view.put("sent", RequestMetrics.wasSent(record));
    view.put("http_status", record.httpStatus());
    if (record.model() != null) view.put("model", record.model());
    view.put("request_latency", seconds(metrics.latencyNanos()));
    if (metrics.hasTtft()) view.put("ttft", seconds(metrics.ttftNanos()));
    if (metrics.hasTpot()) view.put("tpot", metrics.tpotNanos() / 1e9);
    if (record.success()) view.put("ntpot", metrics.ntpotNanos() / 1e9);
    return view;
  }

  private static ObjectNode info(RequestRecord record) {
    ObjectNode info = NODES.objectNode();
    info.putObject("request_metrics").putObject("text").put("input_tokens", record.promptTokens());
    ObjectNode response = info.putObject("response_metrics");
    response.put("output_tokens", record.clientOutputTokens());
    if (record.promptTokensFromServer() || record.serverOutputTokens() >= 0) {
      ObjectNode usage = response.putObject("server_usage");
      if (record.promptTokensFromServer()) usage.put("prompt_tokens", record.promptTokens());
      if (record.serverOutputTokens() >= 0) usage.put("completion_tokens", record.serverOutputTokens());
    }
    info.put("input_tokens", record.promptTokens());
    return info;
  }

  private static ObjectNode error(Failure failure) {
    ObjectNode error = NODES.objectNode();
    error.put("error_type", FailureLabeler.errorType(failure));
    error.put("error_msg", failure.message() == null ? "" : failure.message());
    error.put("label", FailureLabeler.label(failure));
    error.put("kind", failure.kind().name());
    return error;
  }

  /**
   * Python's truth of a JSON value, as inference-perf's {@code bool(expression.search(data))}: null, false, 0, an
   * empty string, list or object are false; anything else is true.
   */
  public static boolean truthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return false;
    if (value.isBoolean()) return value.booleanValue();
    if (value.isNumber()) return value.doubleValue() != 0;
    if (value.isTextual()) return !value.textValue().isEmpty();
    if (value.isContainerNode()) return !value.isEmpty();
    return true;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
