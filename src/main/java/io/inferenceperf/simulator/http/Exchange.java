package io.inferenceperf.simulator.http;

import io.inferenceperf.simulator.engine.FaultPlan;
import io.inferenceperf.simulator.engine.OutputPlan;

/**
 * One accepted completion request and the decisions taken for it on arrival.
 *
 * @param requestId our id (the X-Request-Id header when the client sent one)
 * @param responseId the id field of the response, e.g. chatcmpl-ID
 * @param route the request path
 * @param arrivalNanos when the request head was read
 * @param request what the client asked for
 * @param model the model name to report (the requested one, or the base model)
 * @param output what will be generated
 * @param faults the injected faults
 * @param closeAfter whether the connection closes after this response (Connection: close, HTTP/1.0)
 * @param toolCall the tool call the answer makes instead of text, or null
 */
record Exchange(
    String requestId,
    String responseId,
    String route,
    long arrivalNanos,
    CompletionRequest request,
    String model,
    OutputPlan output,
    FaultPlan faults,
    boolean closeAfter,
    ToolCallOut toolCall) {

  int maxTokensParam(int limit) {
    return request.maxTokens() > 0 ? request.maxTokens() : limit;
  }
}
