package io.inferenceperf.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.options.FaultOptions;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token counting, block hashing, the prefix cache, output lengths and fault draws: pure pieces. */
class PromptAndPlanTest {

  @Test
  void countsWhitespaceSeparatedWordsAndTokenIds() {
    assertEquals(4, new PromptTokenizer(16).addText("  one two\tthree\nfour ").finish().count());
    assertEquals(0, new PromptTokenizer(16).addText("   ").finish().count());
    PromptTokenizer ids = new PromptTokenizer(16);
    for (int i = 0; i < 5; i++) {
      ids.addTokenId(i);
    }
    assertEquals(5, ids.finish().count());
    assertEquals(3 + 2, new PromptTokenizer(16).addMessageHeader("user").addText("hi there").finish().count());
  }

  @Test
  void blockHashesIdentifyPrefixes() {
    String shared = "s ".repeat(40);
    PromptTokens a = new PromptTokenizer(16).addText(shared + "tail a b c").finish();
    PromptTokens b = new PromptTokenizer(16).addText(shared + "other x y z").finish();
    assertEquals(2, a.blockHashes().length, "43 tokens make two full blocks of 16");
    assertArrayEquals(a.blockHashes(), b.blockHashes(), "the first 32 tokens are equal");
    PromptTokens c = new PromptTokenizer(16).addText("x " + shared).finish();
    assertNotEquals(a.blockHashes()[0], c.blockHashes()[0]);
    // a later block's hash depends on the blocks before it
    PromptTokens d = new PromptTokenizer(2).addText("a b c d").finish();
    PromptTokens e = new PromptTokenizer(2).addText("x y c d").finish();
    assertNotEquals(d.blockHashes()[1], e.blockHashes()[1]);
  }

  @Test
  void prefixCacheHitsLeadingBlocksKeepsOneTokenToComputeAndEvictsLeastRecent() {
    PrefixCache cache = new PrefixCache(4, 12); // three blocks
    PromptTokens p = new PromptTokenizer(4).addText("a b c d e f g h").finish(); // two blocks, 8 tokens
    assertEquals(0, cache.cachedTokens(p));
    cache.insert(p);
    assertEquals(7, cache.cachedTokens(p), "a full hit still computes the last token");
    PromptTokens longer = new PromptTokenizer(4).addText("a b c d e f g h i j").finish();
    assertEquals(8, cache.cachedTokens(longer));
    PromptTokens q = new PromptTokenizer(4).addText("q r s t u v w x").finish();
    cache.insert(q); // 4 blocks > capacity 3: the least recently used block of p goes
    assertEquals(3, cache.size());
    assertEquals(0, cache.cachedTokens(p), "p's first block was evicted, so nothing of p hits");
    assertEquals(7, cache.cachedTokens(q));
    assertEquals(0, new PrefixCache(4, 0).cachedTokens(p));
  }

  @Test
  void outputLengthsHonourIgnoreEosMaxTokensAndAreSeeded() {
    OutputPlanner planner = new OutputPlanner(1, 50, 20, 0);
    assertEquals(new OutputPlan(30, "length", 0), planner.plan(30, 0, true, false));
    List<OutputPlan> draws = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      OutputPlan plan = planner.plan(80, 0, false, false);
      assertTrue(plan.targetTokens() >= 2 && plan.targetTokens() <= 80);
      assertEquals(plan.targetTokens() == 80 ? "length" : "stop", plan.finishReason());
      draws.add(plan);
    }
    double mean = draws.stream().mapToInt(OutputPlan::targetTokens).average().orElseThrow();
    assertTrue(Math.abs(mean - 50) < 2, "mean " + mean);
    assertTrue(draws.stream().anyMatch(p -> p.finishReason().equals("length")), "some hit the 80 cap");
    OutputPlanner again = new OutputPlanner(1, 50, 20, 0);
    again.plan(30, 0, true, false);
    for (OutputPlan expected : draws) {
      assertEquals(expected, again.plan(80, 0, false, false), "same seed, same lengths");
    }
    assertEquals(40, new OutputPlanner(1, 5, 0, 0).plan(100, 40, false, false).targetTokens(), "min_tokens");
  }

  @Test
  void reasoningTokensApplyToChatOnlyAndLeaveRoomForText() {
    OutputPlanner planner = new OutputPlanner(1, 10, 0, 4);
    assertEquals(4, planner.plan(20, 0, true, true).reasoningTokens());
    assertEquals(0, planner.plan(20, 0, true, false).reasoningTokens());
    assertEquals(3, planner.plan(3, 0, true, true).reasoningTokens(), "max_tokens reached while reasoning");
    OutputPlan stop = new OutputPlanner(1, 3, 0, 4).plan(100, 0, false, true);
    assertEquals("stop", stop.finishReason());
    assertEquals(2, stop.reasoningTokens(), "three tokens: two reasoning, then the end-of-sequence token");
    assertEquals(2, stop.visibleTokens());
  }

  @Test
  void faultsFollowTheirFractionsTheSeedAndTheBudget() {
    FaultOptions options =
        SimulatorOptions.of(
                "fault_429_fraction", 0.1, "fault_500_fraction", 0.1, "fault_cut_fraction", 0.2,
                "fault_malformed_fraction", 0.3, "fault_stall_between_fraction", 0.5, "fault_stall_between_ms", 7)
            .faults();
    FaultDrawer drawer = new FaultDrawer(options, 9, new AtomicLong(Long.MAX_VALUE));
    int[] counts = new int[5];
    List<FaultPlan> plans = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      FaultPlan plan = drawer.draw(20);
      plans.add(plan);
      counts[0] += plan.status() == 429 ? 1 : 0;
      counts[1] += plan.status() == 500 ? 1 : 0;
      counts[2] += plan.cutAfterTokens() >= 0 ? 1 : 0;
      counts[3] += plan.malformedAtToken() >= 0 ? 1 : 0;
      counts[4] += plan.stallAtToken() >= 0 ? 1 : 0;
      if (plan.status() != 0) {
        assertEquals(-1, plan.cutAfterTokens(), "a status fault answers at once, nothing else applies");
      }
      if (plan.cutAfterTokens() >= 0) {
        assertTrue(plan.cutAfterTokens() >= 1 && plan.cutAfterTokens() < 20, "cut mid-way");
      }
      if (plan.stallAtToken() >= 0) {
        assertEquals(7_000_000, plan.pauseBeforeToken(plan.stallAtToken()));
      }
    }
    // statuses take 20%; the stream faults apply to the remaining 80%
    assertEquals(1000, counts[0], 120);
    assertEquals(1000, counts[1], 120);
    assertEquals(0.8 * 2000, counts[2], 150);
    assertEquals(0.8 * 3000, counts[3], 150);
    assertEquals(0.8 * 5000, counts[4], 150);
    FaultDrawer same = new FaultDrawer(options, 9, new AtomicLong(Long.MAX_VALUE));
    for (FaultPlan plan : plans) {
      assertEquals(plan, same.draw(20));
    }
    AtomicLong budget = new AtomicLong(5);
    FaultDrawer bounded = new FaultDrawer(options, 9, budget);
    int injected = 0;
    for (int i = 0; i < 1000; i++) {
      injected += bounded.draw(20).names().size();
    }
    assertEquals(5, injected, "fault_max_count bounds the total");
    assertEquals(FaultPlan.NONE, new FaultDrawer(SimulatorOptions.defaults().faults(), 1, budget).draw(10));
  }
}
