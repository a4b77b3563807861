package io.inferenceperf.data.replay;

import static io.inferenceperf.data.replay.WekaTraceJson.BLOCK;
import static io.inferenceperf.data.replay.WekaTraceJson.call;
import static io.inferenceperf.data.replay.WekaTraceJson.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.WekaReplayConfig;
import io.inferenceperf.data.CorpusWordIds;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weka traces become session graphs: deterministic block text, history rewound to the common prefix of consecutive
 * calls, the recorded answer in the next prompt, subagents as parallel branches, capped idle time, and token counts
 * that match the trace (with a real tokenizer).
 */
class WekaTraceCorpusTest {

  static final Tokenizer LLAMA = RealTokenizers.load("llama3");
  static final int[] WORDS = CorpusWordIds.of(LLAMA, null);

  @TempDir Path dir;

  Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  static WekaTraceCorpus open(WekaReplayConfig config, long seed) {
    return WekaTraceCorpus.open(config, LLAMA, WORDS, seed, skipped -> { });
  }

  static WekaReplayConfig files(Path... files) {
    return WekaReplayConfig.ofFiles(java.util.Arrays.stream(files).map(Path::toString).toList());
  }

  static String text(ReplayMessage m) {
    return m.content().stream().map(s -> ((ReplayMessage.Text) s).text()).collect(Collectors.joining());
  }

  static String prompt(ReplayEvent e) {
    return e.messages().stream().map(WekaTraceCorpusTest::text).collect(Collectors.joining());
  }

  static int tokens(ReplayEvent e) {
    return e.messages().stream().mapToInt(m -> LLAMA.countTokens(text(m), false)).sum();
  }

  /** Two calls: the second keeps blocks 1 to 3, drops 4, and adds 10, 11 (the answer) and 12. */
  Path twoTurns() throws IOException {
    return write("t.json", trace("conv",
        call(0, 18, 5, "1, 2, 3, 4", 2, 0),
        call(10, 25, 3, "1, 2, 3, 10, 11, 12", 1, 8)));
  }

  @Test
  void promptsHaveTheRecordedTokenCountsAndRoles() throws IOException {
    ReplaySession s = open(files(twoTurns()), 42).session(0);
    assertEquals("conv", s.sessionId());
    ReplayEvent first = s.events().get(0);
    ReplayEvent second = s.events().get(1);
    assertEquals(18, tokens(first));
    assertEquals(25, tokens(second));
    assertEquals(List.of("system", "user"), first.messages().stream().map(ReplayMessage::role).toList());
    assertEquals(List.of("system", "user", "assistant", "user"),
        second.messages().stream().map(ReplayMessage::role).toList());
    assertEquals(BLOCK * 2, LLAMA.countTokens(text(first.messages().get(0)), false), "tool + system = 2 blocks");
    assertEquals(5, first.maxTokens());
    assertEquals(18, first.recordedInputTokens());
  }

  @Test
  void theHistoryIsRewoundToTheCommonPrefixAndTheAnswerIsTheRecordedText() throws IOException {
    List<ReplayEvent> events = open(files(twoTurns()), 42).session(0).events();
    ReplayEvent first = events.get(0);
    ReplayEvent second = events.get(1);
    String system = text(first.messages().get(0));
    assertEquals(system, text(second.messages().get(0)), "blocks 1 and 2 are the same text");
    String kept = text(second.messages().get(1));
    String before = text(first.messages().get(1));
    assertTrue(before.startsWith(kept) && before.length() > kept.length(), "block 3 kept, the rest cut");
    assertFalse(prompt(second).contains(before.substring(kept.length())), "block 4 and the partial block went");
    assertEquals(BLOCK, LLAMA.countTokens(kept, false));
    String answer = text(second.messages().get(2));
    assertEquals(answer, first.recordedOutput(), "the answer is pre-synthesised from the next prompt");
    assertEquals(2 * BLOCK, LLAMA.countTokens(answer, false), "out 5 fills ceil(5 / 4) = 2 blocks");
    assertEquals(3, LLAMA.countTokens(second.recordedOutput(), false), "the last answer: out tokens");
    assertEquals(List.of(0), second.predecessors());
  }

  @Test
  void blockTextIsDeterministicPerSeedTraceAndHashId() throws IOException {
    Path a = twoTurns();
    Path b = write("b.json", trace("other", call(0, 14, 5, "1, 2, 3", 2, 0)));
    ReplaySession once = open(files(a), 42).session(0);
    assertEquals(once, open(files(a), 42).session(0), "rebuilt the same");
    assertNotEquals(prompt(once.events().get(0)), prompt(open(files(a), 43).session(0).events().get(0)),
        "another seed, other text");
    WekaTraceCorpus both = open(files(a, b), 42);
    Map<String, ReplaySession> byId = new java.util.HashMap<>();
    for (int i = 0; i < both.size(); i++) byId.put(both.session(i).sessionId(), both.session(i));
    assertNotEquals(text(byId.get("conv").events().get(0).messages().get(0)),
        text(byId.get("other").events().get(0).messages().get(0)), "hash ids are local to their trace");
  }

  @Test
  void globalHashIdsGiveTheSameTextInEveryTrace() throws IOException {
    String scope = ", \"hash_id_scope\": \"global\"}";
    Path a = write("a.json", trace("a", call(0, 8, 1, "7, 8", 1, 0)).replaceFirst("}$", scope));
    Path b = write("b.json", trace("b", call(0, 8, 1, "7, 8", 1, 0)).replaceFirst("}$", scope));
    WekaTraceCorpus corpus = open(files(a, b), 1);
    assertEquals(text(corpus.session(0).events().get(0).messages().get(0)),
        text(corpus.session(1).events().get(0).messages().get(0)));
  }

  @Test
  void aRepeatedBlockRepeatsItsText() throws IOException {
    Path file = write("r.json", trace("r", call(0, 16, 1, "5, 6, 5, 6", 1, 0)));
    ReplayEvent e = open(files(file), 9).session(0).events().get(0);
    String system = text(e.messages().get(0));
    String user = text(e.messages().get(1));
    assertEquals(system, user, "blocks 5, 6 as system prompt, then again as the user's");
  }

  @Test
  void subagentsAreParallelBranchesThatTheParentWaitsFor() throws IOException {
    String sub1 = "{\"t\": 30, \"type\": \"subagent\", \"agent_id\": \"a1\", \"duration_ms\": 20000,"
        + " \"tool_tokens\": 4, \"system_tokens\": 0, \"requests\": [" + call(0, 8, 2, "50, 51", 2, 0) + ", "
        + call(6, 12, 2, "50, 51, 52", 2, 4) + "]}";
    String sub2 = "{\"t\": 25, \"type\": \"subagent\", \"agent_id\": \"a2\", \"duration_ms\": 15000,"
        + " \"requests\": [" + call(0, 8, 2, "60, 61", 3, 0) + "]}";
    Path file = write("s.json", trace("s", call(0, 8, 2, "1, 2", 9, 0), sub1, sub2,
        call(32, 12, 2, "1, 2, 3", 1, 23)));
    List<ReplayEvent> events = open(files(file), 3).session(0).events();
    List<String> ids = events.stream().map(ReplayEvent::eventId).toList();
    assertEquals(List.of("turn_0", "a1_turn_0", "a1_turn_1", "a2_turn_0", "turn_1"), ids);
    assertEquals(List.of(), events.get(0).predecessors());
    assertEquals(List.of(0), events.get(1).predecessors(), "a1 starts when the spawning call ends");
    assertEquals(List.of(1), events.get(2).predecessors());
    assertEquals(List.of(0), events.get(3).predecessors(), "a2 runs alongside a1");
    assertEquals(List.of(0, 2, 4 - 1), events.get(4).predecessors(), "the parent waits for both subagents");
    assertEquals(List.of("system", "user"), events.get(1).messages().stream().map(ReplayMessage::role).toList(),
        "a subagent has its own conversation");
    // a1 ran from 10 s (30 - 20) to 30 s; its second call started 6 s in, 2 s after its first ended at 12 s.
    assertEquals(1_000_000_000L, events.get(1).waitNanos(), "spawned 1 s after the parent's call ended at 9 s");
    assertEquals(4_000_000_000L, events.get(2).waitNanos());
    assertEquals(14_000_000_000L, events.get(4).waitNanos(), "32 s minus the last end (a1's at 10 + 6 + 2 = 18 s)");
  }

  @Test
  void idleGapsAreCapped() throws IOException {
    Path file = write("g.json", trace("g", call(0, 8, 1, "1, 2", 1, 0), call(101, 12, 1, "1, 2, 3", 1, 30)));
    WekaReplayConfig base = files(file);
    assertEquals(15_000_000_000L, wait(base), "max_wait_ms 15000 caps the 100 s gap");
    assertEquals(5_000_000_000L, wait(with(base, 5.0, false, false, 60_000)), "trace_idle_gap_cap_seconds 5");
    assertEquals(100_000_000_000L, wait(with(base, 0, false, false, 1_000_000)), "no cap: the recorded gap");
    assertEquals(30_000_000_000L, wait(with(base, 0, false, true, 1_000_000)), "think_time 30 s");
    assertEquals(0, wait(with(base, 60, true, false, 15_000)), "ignore_trace_delays");
  }

  private static long wait(WekaReplayConfig config) {
    return open(config, 1).session(0).events().get(1).waitNanos();
  }

  private static WekaReplayConfig with(WekaReplayConfig c, double cap, boolean ignore, boolean think, int maxWaitMs) {
    return new WekaReplayConfig(null, c.traceFiles(), null, 100, 64, cap, ignore, think, 1000, false, null,
        maxWaitMs, 3600, false, Map.of());
  }

  @Test
  void copiesPadTheCorpus() throws IOException {
    WekaReplayConfig c = files(twoTurns());
    WekaReplayConfig padded = new WekaReplayConfig(null, c.traceFiles(), null, 100, 64, 60, false, false, 1000,
        false, 3, 15_000, 3600, false, Map.of());
    WekaTraceCorpus corpus = open(padded, 42);
    assertEquals(3, corpus.size());
    assertEquals(List.of("conv", "conv_dup1", "conv_dup2"),
        List.of(corpus.session(0).sessionId(), corpus.session(1).sessionId(), corpus.session(2).sessionId()));
    assertTrue(corpus.markSessions());
    assertEquals(corpus.session(1), corpus.session(1), "rebuilt the same");
    List<String> markers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ReplaySession s = corpus.session(i);
      String first = prompt(s.events().get(0));
      String marker = first.substring(0, first.indexOf("] ") + 2);
      assertTrue(marker.matches("\\[SESS:[0-9a-f]+\\] "), marker);
      s.events().forEach(e -> assertTrue(prompt(e).startsWith(marker), "every call opens with the marker"));
      markers.add(marker);
      assertEquals(prompt(open(c, 42).session(0).events().get(1)), prompt(s.events().get(1)).substring(
          marker.length()), "a copy is the trace behind its marker");
    }
    assertEquals(3, new java.util.HashSet<>(markers).size(), "each session its own marker");
    assertEquals(3, corpus.eventCount(2) + 1, "two calls");
  }

  @Test
  void onlyTheFirstSegmentIsTheSessionsOwnText() throws IOException {
    ReplayEvent second = open(files(twoTurns()), 42).session(0).events().get(1);
    List<Boolean> shared = new ArrayList<>();
    second.messages().forEach(m -> m.content().forEach(s -> shared.add(((ReplayMessage.Text) s).shared())));
    assertEquals(false, shared.get(0));
    assertTrue(shared.subList(1, shared.size()).stream().allMatch(b -> b), shared.toString());
  }

  @Test
  void jsonlLinesAreTracesUpToNumDatasetEntries() throws IOException {
    Path file = write("traces.jsonl", trace("x", call(0, 8, 1, "1, 2", 1, 0)) + "\n\n"
        + trace("y", call(0, 8, 1, "1, 2", 1, 0)) + "\n" + "not json at all\n");
    WekaReplayConfig two = new WekaReplayConfig(null, List.of(file.toString()), null, 3, 64, 60, false, false, 1000,
        false, null, 15_000, 3600, false, Map.of());
    WekaTraceCorpus corpus = open(two, 7);
    assertEquals(2, corpus.size(), "line 4 is beyond num_dataset_entries 3");
    assertTrue(corpus.session(0).source().matches(".*traces.jsonl:[13]"), corpus.session(0).source());
  }
}
