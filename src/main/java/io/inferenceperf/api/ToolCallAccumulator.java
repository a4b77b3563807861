package io.inferenceperf.api;

import io.inferenceperf.record.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the tool calls of one response from its pieces, by index: OpenAI streams {@code delta.tool_calls[]} entries
 * ({@code index}, then {@code id}, {@code function.name} and argument fragments), a whole body lists complete calls;
 * Anthropic streams a {@code tool_use} {@code content_block_start} (id, name) and {@code input_json_delta}
 * fragments for its block index, a whole body lists {@code tool_use} blocks with their {@code input}.
 *
 * <p>The Anthropic walker meets a block's fields in any order, so they wait as "pending" until the event (or block)
 * ends ({@link #endEvent}, {@link #endBlock}). Only the requests whose output is carried on have one.
 */
final class ToolCallAccumulator {

  private static final class Call {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  private final Map<Integer, Call> calls = new TreeMap<>();

  private int pendingIndex = -1;
  private boolean pendingToolUse;
  private String pendingId;
  private String pendingName;
  private final StringBuilder pendingFragment = new StringBuilder();
  private String pendingInput;

  /** An OpenAI piece of call {@code index}: any of id, name and an argument fragment (null when absent). */
  void part(int index, String id, String name, CharSequence argumentsFragment) {
    Call call = calls.computeIfAbsent(index, i -> new Call());
    if (id != null && !id.isEmpty()) call.id = id;
    if (name != null && !name.isEmpty()) call.name = name;
    if (argumentsFragment != null) call.arguments.append(argumentsFragment);
  }

  // ---- Anthropic pieces, in any order within an event or block -------------------------------------------------

  void pendingIndex(int index) {
    pendingIndex = index;
  }

  void pendingToolUse() {
    pendingToolUse = true;
  }

  void pendingId(String id) {
    pendingId = id;
  }

  void pendingName(String name) {
    pendingName = name;
  }

  void pendingFragment(CharSequence fragment) {
    pendingFragment.append(fragment);
  }

  /** A whole body's tool_use input, as JSON text. */
  void pendingInput(String json) {
    pendingInput = json;
  }

  /** A stream event ended: a tool_use block start opens call {index}; an input_json_delta extends it. */
  void endEvent() {
    int index = Math.max(pendingIndex, 0);
    if (pendingToolUse) part(index, pendingId, pendingName, null);
    if (!pendingFragment.isEmpty() && calls.containsKey(index)) part(index, null, null, pendingFragment);
    clearPending();
  }

  /** A content block of a whole body ended: a tool_use block is call {@code position} with its input. */
  void endBlock(int position) {
    if (pendingToolUse) part(position, pendingId, pendingName, pendingInput == null ? "{}" : pendingInput);
    clearPending();
  }

  /** Forgets pieces read before a block starts (e.g. the message's own id). */
  void clearPending() {
    pendingIndex = -1;
    pendingToolUse = false;
    pendingId = null;
    pendingName = null;
    pendingFragment.setLength(0);
    pendingInput = null;
  }

  /** The calls so far, in index order. */
  List<ToolCall> calls() {
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (Call call : calls.values()) out.add(new ToolCall(call.id, call.name, call.arguments.toString()));
    return out;
  }
}
