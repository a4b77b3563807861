package io.inferenceperf.record;

import java.util.List;

/**
 * What a response generated, for the requests that carry it on (multi-turn conversations, session-graph replay).
 *
 * @param text reasoning then content, as received (empty when nothing was generated)
 * @param toolCalls the tool calls generated, in index order (empty when none, or when they were not kept)
 */
public record GeneratedOutput(String text, List<ToolCall> toolCalls) {

  public static final GeneratedOutput EMPTY = new GeneratedOutput("", List.of());

  public GeneratedOutput {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** Text only. */
  public static GeneratedOutput text(String text) {
    return new GeneratedOutput(text, List.of());
  }
}
