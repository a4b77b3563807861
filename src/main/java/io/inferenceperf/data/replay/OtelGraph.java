package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.data.replay.ReplayMessage.Segment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the LLM calls of one trace into replay events, inferring what inference-perf infers:
 *
 * <ol>
 *   <li>Causal edges: call j feeds call i when an assistant message of i's input holds j's output text (equal, or
 *       containing it), or when i's input carries every tool call id of j's output. Calls already reached through
 *       another causal edge of i are not checked again.
 *   <li>A temporal edge: to the closest earlier call that ended before i started, if it is not a predecessor yet.
 *   <li>wait = i's start minus the latest end of those predecessors (at least 0), capped at max_wait_ms.
 *   <li>Transitive reduction: a predecessor that another predecessor already waits for is dropped (the replay
 *       waits for it anyway).
 *   <li>Segments, against all ancestors: the longest message prefix equal to an ancestor's input is that
 *       ancestor's messages (shared; they carry its substitutions); after it, each assistant message equal to an
 *       ancestor's output (or carrying its tool call ids) becomes that ancestor's live output (OutputOf); the rest
 *       is unique, and gets the session's marker when there is one.
 * </ol>
 */
final class OtelGraph {

  /** How the events are built, beyond the calls. */
  record Settings(long maxWaitMs, boolean substituteOutputs, String marker, Map<String, String> headerMap,
      Map<String, String> labelMap, boolean overrideToolCallMaxTokens) {}

  /** inference-perf's floor for a tool call's max_tokens with override_tool_call_max_tokens. */
  static final int TOOL_CALL_MAX_TOKENS = 4096;

  private final List<OtelCall> calls;
  private final Settings settings;
  /** predecessors.get(i): the direct predecessors of call i as inference-perf finds them, with whether causal. */
  private final List<Map<Integer, Boolean>> predecessors = new ArrayList<>();

  private OtelGraph(List<OtelCall> calls, Settings settings) {
    this.calls = calls;
    this.settings = settings;
  }

  static List<ReplayEvent> events(List<OtelCall> calls, Settings settings) {
    return new OtelGraph(calls, settings).build();
  }

  private List<ReplayEvent> build() {
    for (int i = 0; i < calls.size(); i++) predecessors.add(findPredecessors(i));
    List<List<ReplayMessage>> built = new ArrayList<>();
    List<ReplayEvent> events = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      OtelCall call = calls.get(i);
      List<ReplayMessage> messages = segments(i, built);
      built.add(messages);
      events.add(new ReplayEvent(call.spanId(), reduced(i), waitMs(i) * 1_000_000L, messages,
          maxTokens(call), call.promptTokens(), call.output() == null ? "" : call.output().content(),
          call.output() == null ? null : call.output().toolCalls(), call.tools(),
          mapped(call, settings.headerMap()), mapped(call, settings.labelMap())));
    }
    return events;
  }

  /**
   * The recorded output length; for a recorded tool call with tool definitions and override_tool_call_max_tokens,
   * max(4 x that, 4096), since the replayed model may need more tokens to write the same call.
   */
  private int maxTokens(OtelCall call) {
    int recorded = call.expectedOutputTokens();
    boolean toolCall = call.output() != null && call.output().toolCalls() != null && call.tools() != null
        && !call.tools().isEmpty();
    return toolCall && settings.overrideToolCallMaxTokens() ? Math.max(4 * recorded, TOOL_CALL_MAX_TOKENS) : recorded;
  }

  // ---- edges ---------------------------------------------------------------------------------------------------

  private Map<Integer, Boolean> findPredecessors(int i) {
    Map<Integer, Boolean> found = new LinkedHashMap<>();
    BitSet reached = new BitSet();
    for (int j = i - 1; j >= 0; j--) {
      if (reached.get(j) || !feeds(calls.get(j), calls.get(i))) continue;
      found.put(j, true);
      reached.or(causalAncestors(j));
    }
    for (int j = i - 1; j >= 0; j--) {
      if (calls.get(i).startMs() >= calls.get(j).endMs()) {
        found.putIfAbsent(j, false);
        break;
      }
    }
    return found;
  }

  /** Whether {@code a}'s output appears in {@code b}'s input. */
  private static boolean feeds(OtelCall a, OtelCall b) {
    if (a.output() == null) return false;
    String out = a.output().matchText();
    if (!out.isEmpty()) {
      for (OtelMessage m : b.messages()) {
        if (m.role().equals("assistant") && m.matchText().contains(out)) return true;
      }
    }
    var ids = a.output().toolCallIds();
    if (ids.isEmpty()) return false;
    TreeSet<String> inB = new TreeSet<>();
    for (OtelMessage m : b.messages()) inB.addAll(m.toolCallIds());
    return inB.containsAll(ids);
  }

  private BitSet causalAncestors(int node) {
    BitSet seen = new BitSet();
    List<Integer> stack = new ArrayList<>();
    predecessors.get(node).forEach((p, causal) -> { if (causal) stack.add(p); });
    while (!stack.isEmpty()) {
      int p = stack.remove(stack.size() - 1);
      if (seen.get(p)) continue;
      seen.set(p);
      predecessors.get(p).forEach((q, causal) -> { if (causal) stack.add(q); });
    }
    return seen;
  }

  private BitSet ancestors(int node) {
    BitSet seen = new BitSet();
    List<Integer> stack = new ArrayList<>(predecessors.get(node).keySet());
    while (!stack.isEmpty()) {
      int p = stack.remove(stack.size() - 1);
      if (seen.get(p)) continue;
      seen.set(p);
      stack.addAll(predecessors.get(p).keySet());
    }
    return seen;
  }

  /** The predecessors no other predecessor already depends on, ascending. */
  private List<Integer> reduced(int i) {
    List<Integer> direct = new ArrayList<>(new TreeSet<>(predecessors.get(i).keySet()));
    List<Integer> kept = new ArrayList<>();
    for (int p : direct) {
      boolean implied = false;
      for (int q : direct) implied |= q != p && ancestors(q).get(p);
      if (!implied) kept.add(p);
    }
    return kept;
  }

  /** The pause after the last predecessor ended, from the recorded times, capped (inference-perf's wait_ms). */
  private long waitMs(int i) {
    long lastEnd = Long.MIN_VALUE;
    for (int p : predecessors.get(i).keySet()) lastEnd = Math.max(lastEnd, calls.get(p).endMs());
    if (lastEnd == Long.MIN_VALUE) return 0;
    return Math.min(settings.maxWaitMs(), Math.max(0, calls.get(i).startMs() - lastEnd));
  }

  // ---- segments ------------------------------------------------------------------------------------------------

  private List<ReplayMessage> segments(int i, List<List<ReplayMessage>> built) {
    List<OtelMessage> messages = calls.get(i).messages();
    List<Integer> ancestors = ancestors(i).stream().boxed().toList();
    List<ReplayMessage> out = new ArrayList<>();
    int cursor = 0;
    int best = -1;
    int bestPrefix = 0;
    for (int a : ancestors) {
      int prefix = commonPrefix(messages, calls.get(a).messages());
      if (prefix > bestPrefix) {
        bestPrefix = prefix;
        best = a;
      }
    }
    if (best >= 0) {
      for (ReplayMessage m : built.get(best).subList(0, bestPrefix)) out.add(asShared(m));
      cursor = bestPrefix;
    }
    while (cursor < messages.size()) {
      int[] match = settings.substituteOutputs() ? earliestOutput(messages, cursor, ancestors) : null;
      int until = match == null ? messages.size() : match[1];
      for (; cursor < until; cursor++) out.add(unique(messages.get(cursor)));
      if (match != null) {
        // The recorded tool_calls go along: the replay swaps in the live ones and rewrites the results' ids.
        out.add(new ReplayMessage("assistant", List.of(new ReplayMessage.OutputOf(match[0])),
            messages.get(cursor).wireExtra()));
        cursor++;
      }
    }
    return out;
  }

  private static int commonPrefix(List<OtelMessage> a, List<OtelMessage> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).sameAs(b.get(n))) n++;
    return n;
  }

  /** {ancestor, message index} of the earliest message from {@code from} that is an ancestor's output, or null. */
  private int[] earliestOutput(List<OtelMessage> messages, int from, List<Integer> ancestors) {
    int[] best = null;
    for (int a : ancestors) {
      OtelMessage output = calls.get(a).output();
      if (output == null) continue;
      var ids = output.toolCallIds();
      int limit = best == null ? messages.size() : best[1];
      for (int m = from; m < limit; m++) {
        OtelMessage message = messages.get(m);
        boolean equal = message.role().equals("assistant") && message.matchText().equals(output.matchText());
        if (equal || !ids.isEmpty() && message.toolCallIds().containsAll(ids)) {
          best = new int[] {a, m};
          break;
        }
      }
    }
    return best;
  }

  private ReplayMessage unique(OtelMessage m) {
    String text = settings.marker() != null && !m.content().isEmpty() ? "[SESS:" + settings.marker() + "] "
        + m.content() : m.content();
    return new ReplayMessage(m.role(), List.of(new ReplayMessage.Text(text, false)), m.wireExtra());
  }

  /** The ancestor's message as this call's shared prefix: its text flagged shared, its substitutions kept. */
  private static ReplayMessage asShared(ReplayMessage m) {
    List<Segment> content = new ArrayList<>();
    for (Segment s : m.content()) {
      content.add(s instanceof ReplayMessage.Text t ? new ReplayMessage.Text(t.text(), true) : s);
    }
    return new ReplayMessage(m.role(), content, m.extra());
  }

  /** Headers or labels from span attributes; a missing attribute gives "default", as in inference-perf. */
  private static Map<String, String> mapped(OtelCall call, Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((attribute, name) -> {
      JsonNode value = OtelCall.MESSAGE_ATTRIBUTES.contains(attribute) ? null : call.attributes().get(attribute);
      out.put(name, value == null || value.isNull() ? "default" : pythonText(value));
    });
    return out;
  }

  /** A JSON value as Python's str() writes it (True, not true). */
  private static String pythonText(JsonNode value) {
    if (value.isTextual()) return value.asText();
    if (value.isBoolean()) return value.asBoolean() ? "True" : "False";
    return value.toString();
  }
}
