package io.inferenceperf.simulator.http;

/**
 * The tool call a response makes instead of answering in text: a request with tools and a forced tool_choice
 * (chat: a named function or "required"; Anthropic: {"type":"tool"} or {"type":"any"}). Its arguments are
 * {@code {"input": "<the generated words>"}}, written as the content tokens are generated, so a stream carries them
 * over several events.
 *
 * @param id the server-generated id (call_..., toolu_...)
 * @param name the function called
 * @param badArguments the bad-tool-arguments fault: the arguments never get their closing {@code "}}, so they are
 *     not valid JSON (streams only; an Anthropic body's input is an object, always valid)
 */
record ToolCallOut(String id, String name, boolean badArguments) {

  /** The request header that turns the bad-tool-arguments fault on ("true" or "1"). */
  static final String BAD_ARGUMENTS_HEADER = "x-simulator-bad-tool-arguments";

  /** The start of the arguments JSON, as it appears inside a JSON string. */
  static final String OPEN_ESCAPED = "{\\\"input\\\": \\\"";
  /** Its end, as it appears inside a JSON string. */
  static final String CLOSE_ESCAPED = "\\\"}";

  /** The whole arguments text around the generated {@code words}: what the streamed fragments add up to. */
  String arguments(String words) {
    return "{\"input\": \"" + words + (badArguments ? "" : "\"}");
  }

  /** The chat finish reason of a tool call: tool_calls where the model stopped by itself. */
  static String chatFinish(String finishReason) {
    return finishReason.equals("stop") ? "tool_calls" : finishReason;
  }
}
