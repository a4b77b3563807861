package io.inferenceperf.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.options.EngineOptions;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batching model on virtual time: no sockets, no sleeping, exact numbers. */
class BatchSchedulerTest {
  private static final long MS = 1_000_000;

  /** Records what the scheduler did to one sequence. */
  static final class Recorder implements TokenSink {
    long admittedNanos = -1;
    final List<Long> tokenNanos = new ArrayList<>();

    @Override
    public void onAdmitted(Sequence sequence, long nowNanos) {
      admittedNanos = nowNanos;
    }

    @Override
    public void onTokens(Sequence sequence, int fromIndex, int count, long nowNanos) {
      assertEquals(tokenNanos.size(), fromIndex, "tokens arrive in order");
      for (int i = 0; i < count; i++) {
        tokenNanos.add(nowNanos);
      }
    }

    long ttft(Sequence s) {
      return tokenNanos.get(0) - s.queuedNanos;
    }
  }

  /** Drives a scheduler on a virtual clock. */
  static final class VirtualEngine {
    final BatchScheduler scheduler;
    final PrefixCache cache;
    long now;
    int steps;
    int maxBatch;
    int maxStepTokens;

    VirtualEngine(EngineOptions options) {
      this.cache = options.prefixCaching() ? new PrefixCache(options.prefixBlockTokens(), options.prefixCacheTokens()) : null;
      this.scheduler = new BatchScheduler(options, cache);
    }

    Sequence submit(int promptTokens, int outputTokens, Recorder sink) {
      return submit(prompt(promptTokens, 0), outputTokens, FaultPlan.NONE, sink);
    }

    Sequence submit(PromptTokens prompt, int outputTokens, FaultPlan faults, Recorder sink) {
      Sequence s = new Sequence(prompt, new OutputPlan(outputTokens, "length", 0), faults, sink, now);
      scheduler.submit(s, now);
      return s;
    }

    void runUntilIdle() {
      for (int guard = 0; guard < 1_000_000 && !scheduler.idle(); guard++) {
        step();
      }
      assertTrue(scheduler.idle(), "the engine drained");
    }

    void step() {
      BatchScheduler.Step step = scheduler.plan(now);
      if (step.isEmpty()) {
        assertTrue(step.wakeupNanos() != Long.MAX_VALUE, "an empty step with work left must say when to wake");
        now = step.wakeupNanos();
        return;
      }
      steps++;
      maxBatch = Math.max(maxBatch, step.batch().size());
      maxStepTokens = Math.max(maxStepTokens, step.prefillTokens() + step.decodeTokens());
      now += step.durationNanos();
      scheduler.complete(step, now);
    }
  }

  static EngineOptions options(Object... overrides) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("prefill_ms_per_token", 0.01);
    map.put("decode_step_ms", 5);
    map.put("decode_ms_per_seq", 0.1);
    for (int i = 0; i < overrides.length; i += 2) {
      map.put((String) overrides[i], overrides[i + 1]);
    }
    return SimulatorOptions.fromMap(map).orThrow().engine();
  }

  /** A prompt of {@code tokens} distinct words; {@code variant} changes every word. */
  static PromptTokens prompt(int tokens, int variant) {
    PromptTokenizer tokenizer = new PromptTokenizer(16);
    for (int i = 0; i < tokens; i++) {
      tokenizer.addText("w" + variant + "_" + i + " ");
    }
    return tokenizer.finish();
  }

  @Test
  void aLoneRequestCostsPrefillThenOneStepPerToken() {
    VirtualEngine engine = new VirtualEngine(options());
    Recorder r = new Recorder();
    Sequence s = engine.submit(1000, 10, r);
    engine.runUntilIdle();
    assertEquals(10, r.tokenNanos.size());
    assertEquals(0, r.admittedNanos, "no queue when idle");
    // first step: 5 ms + 0.1 ms x 1 seq + 0.01 ms x 1000 prompt tokens = 15.1 ms
    assertEquals(15_100_000, r.ttft(s));
    for (int i = 1; i < 10; i++) {
      assertEquals(5_100_000, r.tokenNanos.get(i) - r.tokenNanos.get(i - 1), "decode step of a batch of one");
    }
    assertEquals(0, engine.scheduler.kvUsedTokens(), "finished sequences free their KV cache");
  }

  @Test
  void ttftAndItlGrowWithLoad() {
    double previousTtft = 0;
    double previousItl = 0;
    for (int concurrency : new int[] {1, 8, 64, 200}) {
      VirtualEngine engine = new VirtualEngine(options());
      List<Recorder> sinks = new ArrayList<>();
      List<Sequence> seqs = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Recorder r = new Recorder();
        sinks.add(r);
        seqs.add(engine.submit(prompt(200, i), 20, FaultPlan.NONE, r));
      }
      engine.runUntilIdle();
      double ttft = 0;
      double itl = 0;
      for (int i = 0; i < concurrency; i++) {
        ttft += sinks.get(i).ttft(seqs.get(i));
        List<Long> t = sinks.get(i).tokenNanos;
        itl += (double) (t.get(t.size() - 1) - t.get(0)) / (t.size() - 1);
      }
      ttft /= concurrency;
      itl /= concurrency;
      assertTrue(ttft > previousTtft, concurrency + ": mean TTFT " + ttft + " should exceed " + previousTtft);
      assertTrue(itl > previousItl, concurrency + ": mean ITL " + itl + " should exceed " + previousItl);
      previousTtft = ttft;
      previousItl = itl;
    }
  }

  @Test
  void requestsBeyondMaxNumSeqsWaitInArrivalOrder() {
    VirtualEngine engine = new VirtualEngine(options("max_num_seqs", 4));
    List<Recorder> sinks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Recorder r = new Recorder();
      sinks.add(r);
      engine.submit(prompt(50, i), 30, FaultPlan.NONE, r);
    }
    BatchScheduler.Step first = engine.scheduler.plan(0);
    assertEquals(4, first.batch().size());
    assertEquals(4, engine.scheduler.runningCount());
    assertEquals(6, engine.scheduler.waitingCount());
    engine.now += first.durationNanos();
    engine.scheduler.complete(first, engine.now);
    engine.runUntilIdle();
    assertEquals(4, engine.maxBatch, "never more than max_num_seqs in a step");
    for (int i = 0; i < 4; i++) {
      assertEquals(0, sinks.get(i).admittedNanos);
    }
    for (int i = 4; i < 10; i++) {
      assertTrue(sinks.get(i).admittedNanos > 0, "request " + i + " queued");
      assertTrue(sinks.get(i).admittedNanos >= sinks.get(i - 1).admittedNanos, "FIFO admission");
      assertEquals(30, sinks.get(i).tokenNanos.size());
    }
    // a waiting request is admitted only when a running one has finished its 30 tokens
    long firstFinish = sinks.get(0).tokenNanos.get(29);
    assertTrue(sinks.get(4).admittedNanos >= firstFinish);
  }

  @Test
  void theKvCacheBudgetLimitsAdmission() {
    VirtualEngine engine = new VirtualEngine(options("kv_cache_tokens", 1000, "max_model_len", 400));
    for (int i = 0; i < 6; i++) {
      engine.submit(prompt(300, i), 10, FaultPlan.NONE, new Recorder());
    }
    engine.scheduler.plan(0);
    assertEquals(3, engine.scheduler.runningCount(), "3 x 300 prompt tokens fit in 1000, a fourth does not");
    assertEquals(900, engine.scheduler.kvUsedTokens());
    assertEquals(3, engine.scheduler.waitingCount());
  }

  @Test
  void longPromptsArePrefilledInChunksWithinTheTokenBudget() {
    VirtualEngine engine = new VirtualEngine(options("max_num_batched_tokens", 1024));
    Recorder r = new Recorder();
    Sequence s = engine.submit(3000, 2, r);
    engine.runUntilIdle();
    assertEquals(1024, engine.maxStepTokens);
    assertEquals(3 + 1, engine.steps, "three prefill chunks (1024, 1024, 952), then one decode step");
    long expectedTtft = 3 * 5_100_000L + 3000 * 10_000L;
    assertEquals(expectedTtft, r.ttft(s));
  }

  @Test
  void aSharedPrefixIsCachedAndCheaper() {
    VirtualEngine engine = new VirtualEngine(options());
    Recorder first = new Recorder();
    Sequence a = engine.submit(prompt(1000, 1), 2, FaultPlan.NONE, first);
    engine.runUntilIdle();
    Recorder second = new Recorder();
    Sequence b = engine.submit(prompt(1000, 1), 2, FaultPlan.NONE, second);
    engine.runUntilIdle();
    Recorder other = new Recorder();
    Sequence c = engine.submit(prompt(1000, 2), 2, FaultPlan.NONE, other);
    engine.runUntilIdle();
    assertEquals(0, a.cachedTokens);
    assertEquals(992, b.cachedTokens, "62 full blocks of 16 of the 1000-token prompt");
    assertEquals(0, c.cachedTokens, "a different prompt misses");
    assertTrue(second.ttft(b) < first.ttft(a) / 2, "cached prefill is cheaper");
    // the 8 uncached tokens: 5 ms + 0.1 ms + 8 x 0.01 ms
    assertEquals(5_180_000, second.ttft(b));
  }

  @Test
  void prefixCachingCanBeTurnedOff() {
    VirtualEngine engine = new VirtualEngine(options("prefix_caching", false));
    engine.submit(prompt(100, 1), 2, FaultPlan.NONE, new Recorder());
    engine.runUntilIdle();
    Sequence again = engine.submit(prompt(100, 1), 2, FaultPlan.NONE, new Recorder());
    engine.runUntilIdle();
    assertEquals(0, again.cachedTokens);
  }

  @Test
  void kvPressureDuringDecodePreemptsTheNewestAndEveryoneStillFinishes() {
    VirtualEngine engine = new VirtualEngine(options("kv_cache_tokens", 400, "max_model_len", 400, "prefix_caching", false));
    List<Recorder> sinks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recorder r = new Recorder();
      sinks.add(r);
      engine.submit(prompt(100, i), 150, FaultPlan.NONE, r);
    }
    engine.runUntilIdle();
    assertTrue(engine.scheduler.preemptions() > 0, "3 x (100 + 150) tokens cannot all stay in 400");
    for (Recorder r : sinks) {
      assertEquals(150, r.tokenNanos.size(), "a preempted sequence resumes where it stopped");
    }
    assertEquals(0, engine.scheduler.kvUsedTokens());
  }

  @Test
  void anInjectedStallPausesOnlyThatSequence() {
    VirtualEngine engine = new VirtualEngine(options());
    Recorder stalled = new Recorder();
    Recorder normal = new Recorder();
    FaultPlan stall = new FaultPlan(0, -1, 0, 3, 100 * MS, 0, -1);
    engine.submit(prompt(10, 1), 6, stall, stalled);
    engine.submit(prompt(10, 2), 6, FaultPlan.NONE, normal);
    engine.runUntilIdle();
    long gap = stalled.tokenNanos.get(3) - stalled.tokenNanos.get(2);
    assertTrue(gap >= 100 * MS && gap < 110 * MS, "gap before token 3: " + gap);
    long normalGap = normal.tokenNanos.get(3) - normal.tokenNanos.get(2);
    assertTrue(normalGap < 6 * MS, "the other sequence keeps decoding: " + normalGap);
  }

  @Test
  void aStallBeforeTheFirstTokenDelaysIt() {
    VirtualEngine engine = new VirtualEngine(options());
    Recorder r = new Recorder();
    Sequence s = engine.submit(prompt(10, 1), 3, new FaultPlan(0, -1, 250 * MS, -1, 0, 0, -1), r);
    engine.runUntilIdle();
    assertTrue(r.ttft(s) >= 250 * MS && r.ttft(s) < 260 * MS, "ttft " + r.ttft(s));
  }

  @Test
  void abortedSequencesLeaveAndFreeTheirCache() {
    VirtualEngine engine = new VirtualEngine(options("max_num_seqs", 1));
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    Sequence running = engine.submit(prompt(100, 1), 50, FaultPlan.NONE, r1);
    Sequence waiting = engine.submit(prompt(100, 2), 50, FaultPlan.NONE, r2);
    engine.step();
    engine.step();
    engine.scheduler.abort(waiting);
    engine.scheduler.abort(running);
    engine.scheduler.abort(running);
    assertTrue(engine.scheduler.idle());
    assertEquals(0, engine.scheduler.kvUsedTokens());
    assertEquals(2, r1.tokenNanos.size());
    assertEquals(0, r2.tokenNanos.size());
  }
}
