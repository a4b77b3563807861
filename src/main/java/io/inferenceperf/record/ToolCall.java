package io.inferenceperf.record;

import java.util.Objects;

/**
 * One tool call a response generated, in the OpenAI chat form ({@code {id, type: function, function: {name,
 * arguments}}}); an Anthropic {@code tool_use} block maps onto it with its {@code input} as the arguments text.
 *
 * @param id the server's id of the call (empty when the server sent none)
 * @param name the function name
 * @param arguments the arguments as generated: JSON text, which may be malformed
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    id = Objects.requireNonNullElse(id, "");
    name = Objects.requireNonNullElse(name, "");
    arguments = Objects.requireNonNullElse(arguments, "");
  }
}
