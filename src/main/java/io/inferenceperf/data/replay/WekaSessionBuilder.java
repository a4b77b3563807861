package io.inferenceperf.data.replay;

import io.inferenceperf.config.WekaReplayConfig;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link WekaTrace} into a {@link ReplaySession}. The parent's calls run one after another; a subagent
 * starts when the parent call before its entry has finished and runs its calls one after another, alongside the
 * other subagents spawned there; the parent's next call waits for all of them (as the Weka replayer does). Each
 * conversation's prompts are rebuilt from the hash blocks ({@link WekaConversation}, {@link BlockText}); the idle
 * time before each call comes from {@link WekaTiming}. Not thread-safe; one per thread.
 */
final class WekaSessionBuilder {

  /** A subagent's t is taken as its end when t - duration is no earlier than this before the spawning call's end. */
  private static final double SPAWN_TOLERANCE_SECONDS = 1.0;

  private final BlockText text;
  private final Tokenizer tokenizer;
  private final WekaTiming timing;
  private final int defaultMaxTokens;

  WekaSessionBuilder(BlockText text, Tokenizer tokenizer, WekaReplayConfig config) {
    this.text = text;
    this.tokenizer = tokenizer;
    this.timing = new WekaTiming(config);
    this.defaultMaxTokens = config.defaultMaxTokens();
  }

  /** One recorded call placed in the session graph. */
  private record Call(String eventId, String chain, int turn, WekaTrace.Request request, int prefixTokens,
      WekaTiming.Timed timed) {}

  /** The session of {@code trace}; {@code marker} ("" for none) opens every call's prompt. */
  ReplaySession build(WekaTrace trace, String sessionId, String marker) {
    List<Call> calls = place(trace);
    List<WekaTiming.Timed> timed = calls.stream().map(Call::timed).toList();
    double sessionStart = timed.stream().mapToDouble(WekaTiming.Timed::startSeconds).min().orElse(0);
    Prompts prompts = new Prompts(trace, marker);
    prompts.rebuild(calls);
    List<ReplayEvent> events = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      WekaTrace.Request r = call.request();
      int maxTokens = r.outputTokens() < 0 ? defaultMaxTokens : Math.max(1, r.outputTokens());
      events.add(new ReplayEvent(call.eventId(), call.timed().predecessors(),
          timing.waitNanos(timed, i, sessionStart), prompts.messages.get(i), maxTokens, r.inputTokens(),
          prompts.outputs.get(i), null, null, Map.of(), Map.of()));
    }
    return new ReplaySession(sessionId, trace.source(), events);
  }

  /** The calls in spawn order, each with the calls it waits for. */
  private List<Call> place(WekaTrace trace) {
    List<Call> calls = new ArrayList<>();
    int parentPrevious = -1;
    int parentTurn = 0;
    List<Integer> subagentLasts = new ArrayList<>();
    int prefix = trace.toolTokens() + trace.systemTokens();
    for (int e = 0; e < trace.entries().size(); e++) {
      switch (trace.entries().get(e)) {
        case WekaTrace.Request r -> {
          List<Integer> predecessors = new ArrayList<>();
          if (parentPrevious >= 0) predecessors.add(parentPrevious);
          predecessors.addAll(subagentLasts);
          subagentLasts.clear();
          calls.add(new Call("turn_" + parentTurn, "parent", parentTurn, r, prefix,
              new WekaTiming.Timed(r.startSeconds(), r.endSeconds(), r.thinkSeconds(), predecessors,
                  parentPrevious)));
          parentPrevious = calls.size() - 1;
          parentTurn++;
        }
        case WekaTrace.Subagent sa -> {
          double spawnedAt = parentPrevious < 0 ? 0 : calls.get(parentPrevious).timed().endSeconds();
          int last = placeSubagent(sa, e, parentPrevious, subagentStart(sa, spawnedAt), calls);
          if (last >= 0) subagentLasts.add(last);
        }
      }
    }
    return calls;
  }

  /** Places a subagent's calls after {@code spawner}; returns the index of its last call, or -1 when it has none. */
  private static int placeSubagent(WekaTrace.Subagent sa, int entry, int spawner, double start, List<Call> calls) {
    String chain = "subagent " + sa.agentId() + " (requests[" + entry + "])";
    int previous = spawner;
    for (int i = 0; i < sa.requests().size(); i++) {
      WekaTrace.Request r = sa.requests().get(i);
      double offset = r.startSeconds() < start ? start : 0; // times from the subagent's start, or absolute
      List<Integer> predecessors = previous < 0 ? List.of() : List.of(previous);
      calls.add(new Call(sa.agentId() + "_turn_" + i, chain, i, r, sa.toolTokens() + sa.systemTokens(),
          new WekaTiming.Timed(offset + r.startSeconds(), offset + r.endSeconds(), r.thinkSeconds(), predecessors,
              previous)));
      previous = calls.size() - 1;
    }
    return sa.requests().isEmpty() ? -1 : previous;
  }

  /**
   * When a subagent started. In the published traces its t is when it finished (t - duration is just after the
   * spawning call's end); a t that cannot be an end (t - duration before the spawn) is taken as the start.
   */
  static double subagentStart(WekaTrace.Subagent sa, double spawnedAt) {
    if (sa.durationSeconds() >= 0 && sa.seconds() - sa.durationSeconds() >= spawnedAt - SPAWN_TOLERANCE_SECONDS) {
      return sa.seconds() - sa.durationSeconds();
    }
    return sa.seconds();
  }

  /** The messages and recorded outputs of every call, conversation by conversation. */
  private final class Prompts {
    private final WekaTrace trace;
    private final String blockScope;
    private final Map<Long, int[]> blockCache = new HashMap<>();
    final List<List<ReplayMessage>> messages = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();

    private final String marker;

    Prompts(WekaTrace trace, String marker) {
      this.trace = trace;
      this.marker = marker;
      this.blockScope = trace.globalHashIds() ? "" : trace.id();
    }

    void rebuild(List<Call> calls) {
      Map<String, WekaConversation> conversations = new HashMap<>();
      Map<String, Integer> lastOfChain = new HashMap<>();
      for (int i = 0; i < calls.size(); i++) {
        Call call = calls.get(i);
        WekaTrace.Request r = call.request();
        WekaConversation conversation = conversations.computeIfAbsent(call.chain(),
            c -> new WekaConversation(trace.blockSize(), this::blockIds));
        int[] tail = text.filler(trace.id() + "|" + call.chain() + "|" + call.turn() + "|tail",
            r.inputTokens() - conversation.fullBlocks(r.inputTokens(), r.hashIds()) * trace.blockSize());
        Integer previous = lastOfChain.put(call.chain(), i);
        if (previous == null) {
          conversation.start(r.hashIds(), r.inputTokens(), call.prefixTokens(), tail);
        } else {
          WekaConversation.Piece answer = conversation.advance(r.hashIds(), r.inputTokens(),
              calls.get(previous).request().outputTokens(), tail);
          if (answer != null) outputs.set(previous, answer.text(tokenizer::decode));
        }
        messages.add(WekaMessages.of(conversation.pieces(), tokenizer::decode, marker));
        outputs.add(text(text.filler(trace.id() + "|" + call.chain() + "|" + call.turn() + "|out",
            Math.max(0, r.outputTokens()))));
      }
    }

    private int[] blockIds(long[] hashIds, int from, int to) {
      int size = trace.blockSize();
      int[] ids = new int[(to - from) * size];
      for (int b = from; b < to; b++) {
        int[] block = blockCache.computeIfAbsent(hashIds[b], h -> text.block(blockScope, h, size));
        System.arraycopy(block, 0, ids, (b - from) * size, size);
      }
      return ids;
    }

    private String text(int[] ids) {
      return ids.length == 0 ? "" : tokenizer.decode(ids);
    }
  }
}
