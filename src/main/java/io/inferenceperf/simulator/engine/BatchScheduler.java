package io.inferenceperf.simulator.engine;

import io.inferenceperf.simulator.options.EngineOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A continuous-batching engine as pure logic on explicit time, shaped after vLLM's scheduler:
 *
 * <ul>
 *   <li>Each step processes every running sequence: one decode token each, or a chunk of its prompt (chunked
 *       prefill), within a token budget (max_num_batched_tokens). Running sequences go first, then waiting ones
 *       are admitted in arrival order while fewer than max_num_seqs run and their KV cache fits.
 *   <li>A step lasts decode_step_ms + decode_ms_per_seq x batch size + prefill_ms_per_token x prefill tokens, so
 *       the inter-token latency grows with load and with prompts being prefilled alongside.
 *   <li>The first token comes out of the step that completes the prefill; prompt tokens found in the prefix cache
 *       are not prefilled.
 *   <li>When the KV cache cannot hold the next tokens, the newest running sequence is preempted: it goes back to
 *       the front of the queue and later recomputes its prompt and generated tokens.
 * </ul>
 *
 * Not thread-safe: one instance per engine thread. The caller owns the clock: {@link #plan} a step at a time, wait
 * its duration, then {@link #complete} it.
 */
final class BatchScheduler {

  /**
   * A planned step.
   *
   * @param batch sequences that run in it (each has scheduledTokens set)
   * @param prefillTokens prompt tokens computed in it
   * @param decodeTokens sequences decoding in it
   * @param durationNanos how long it takes
   * @param wakeupNanos when the batch is empty: when a paused sequence can run again (Long.MAX_VALUE: nothing to
   *     do until a new arrival)
   */
  record Step(List<Sequence> batch, int prefillTokens, int decodeTokens, long durationNanos, long wakeupNanos) {
    boolean isEmpty() {
      return batch.isEmpty();
    }
  }

  private final EngineOptions options;
  private final PrefixCache prefixCache;
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final ArrayList<Sequence> running = new ArrayList<>();
  private long kvUsedTokens;
  private long preemptions;

  /** @param prefixCache null when prefix caching is off */
  BatchScheduler(EngineOptions options, PrefixCache prefixCache) {
    this.options = options;
    this.prefixCache = prefixCache;
  }

  void submit(Sequence sequence, long nowNanos) {
    sequence.queuedNanos = nowNanos;
    waiting.addLast(sequence);
  }

  /** Forgets a sequence (client gone, stream cut); harmless if already finished or aborted. */
  void abort(Sequence sequence) {
    if (sequence.aborted) {
      return;
    }
    sequence.aborted = true;
    if (!waiting.remove(sequence) && running.remove(sequence)) {
      kvUsedTokens -= sequence.kvTokens;
      sequence.kvTokens = 0;
    }
  }

  Step plan(long nowNanos) {
    boolean preempted = makeKvRoomForNextTokens();
    List<Sequence> batch = new ArrayList<>();
    int[] budget = {options.maxNumBatchedTokens()};
    int[] prefill = {0};
    long[] wakeup = {Long.MAX_VALUE};
    for (Sequence sequence : running) {
      if (budget[0] == 0) {
        break;
      }
      schedule(sequence, nowNanos, batch, budget, prefill, wakeup);
    }
    // as in vLLM, a step that had to preempt admits nobody (else the victim would come straight back)
    while (!preempted && budget[0] > 0 && !waiting.isEmpty() && running.size() < options.maxNumSeqs()
        && admitNext(nowNanos)) {
      schedule(running.getLast(), nowNanos, batch, budget, prefill, wakeup);
    }
    int decode = batch.size() - (int) batch.stream().filter(s -> s.scheduledPrefill).count();
    double millis =
        batch.isEmpty()
            ? 0
            : options.decodeStepMs() + options.decodeMsPerSeq() * batch.size()
                + options.prefillMsPerToken() * prefill[0];
    return new Step(batch, prefill[0], decode, FaultDrawer.millisToNanos(millis), wakeup[0]);
  }

  /** Applies a finished step: advances prefills, generates tokens, retires finished sequences. */
  void complete(Step step, long nowNanos) {
    for (Sequence sequence : step.batch()) {
      if (sequence.aborted) {
        continue;
      }
      if (sequence.scheduledPrefill) {
        sequence.prefilled += sequence.scheduledTokens;
        if (sequence.inPrefill()) {
          continue;
        }
        rememberPrefix(sequence);
      }
      int index = sequence.generated++;
      sequence.kvTokens++;
      kvUsedTokens++;
      sequence.sink.onTokens(sequence, index, 1, nowNanos);
      if (!sequence.aborted && sequence.finished()) {
        running.remove(sequence);
        kvUsedTokens -= sequence.kvTokens;
        sequence.kvTokens = 0;
      }
    }
  }

  int runningCount() {
    return running.size();
  }

  int waitingCount() {
    return waiting.size();
  }

  long kvUsedTokens() {
    return kvUsedTokens;
  }

  long preemptions() {
    return preemptions;
  }

  boolean idle() {
    return running.isEmpty() && waiting.isEmpty();
  }

  private void schedule(
      Sequence sequence, long nowNanos, List<Sequence> batch, int[] budget, int[] prefill, long[] wakeup) {
    if (budget[0] == 0) {
      return;
    }
    int tokens = sequence.inPrefill() ? Math.min(sequence.prefillTarget - sequence.prefilled, budget[0]) : 1;
    boolean producesToken = !sequence.inPrefill() || sequence.prefilled + tokens == sequence.prefillTarget;
    if (producesToken && paused(sequence, nowNanos)) {
      wakeup[0] = Math.min(wakeup[0], sequence.pausedUntilNanos);
      return;
    }
    sequence.scheduledTokens = tokens;
    sequence.scheduledPrefill = sequence.inPrefill();
    if (sequence.scheduledPrefill) {
      prefill[0] += tokens;
    }
    budget[0] -= tokens;
    batch.add(sequence);
  }

  /** Whether the sequence must wait for an injected stall before producing its next token. */
  private static boolean paused(Sequence sequence, long nowNanos) {
    int next = sequence.generated;
    if (sequence.pauseTakenForToken != next) {
      long pause = sequence.faults.pauseBeforeToken(next);
      if (pause > 0) {
        sequence.pauseTakenForToken = next;
        sequence.pausedUntilNanos = nowNanos + pause;
      }
    }
    return nowNanos < sequence.pausedUntilNanos;
  }

  private boolean admitNext(long nowNanos) {
    Sequence sequence = waiting.peekFirst();
    long kvNeeded = sequence.prompt.count() + (long) sequence.generated;
    // room for its prompt, plus this step's token of every running sequence and its own
    if (kvUsedTokens + kvNeeded + running.size() + 1 > options.kvCacheTokens() && !running.isEmpty()) {
      return false;
    }
    waiting.pollFirst();
    int cached = prefixCache == null ? 0 : prefixCache.cachedTokens(sequence.prompt);
    running.add(sequence);
    kvUsedTokens += kvNeeded;
    sequence.kvTokens = kvNeeded;
    sequence.prefillTarget = (int) kvNeeded - cached;
    sequence.prefilled = 0;
    if (sequence.admittedNanos < 0) {
      sequence.admittedNanos = nowNanos;
      sequence.cachedTokens = cached;
      sequence.sink.onAdmitted(sequence, nowNanos);
    }
    return true;
  }

  /** Preempts the newest sequences until every running one has room for its next token; says if it had to. */
  private boolean makeKvRoomForNextTokens() {
    boolean preempted = false;
    while (running.size() > 1 && kvUsedTokens + running.size() > options.kvCacheTokens()) {
      preempted = true;
      Sequence newest = running.removeLast();
      kvUsedTokens -= newest.kvTokens;
      newest.kvTokens = 0;
      newest.preemptions++;
      preemptions++;
      waiting.addFirst(newest);
    }
    return preempted;
  }

  private void rememberPrefix(Sequence sequence) {
    if (prefixCache != null && !sequence.prefixInserted) {
      prefixCache.insert(sequence.prompt);
      sequence.prefixInserted = true;
    }
  }
}
