package io.inferenceperf.data.replay;

import static io.inferenceperf.data.replay.OtelReplayTesting.corpus;
import static io.inferenceperf.data.replay.OtelReplayTesting.directory;
import static io.inferenceperf.data.replay.OtelReplayTesting.files;
import static io.inferenceperf.data.replay.OtelReplayTesting.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.data.replay.ReplayMessage.OutputOf;
import io.inferenceperf.data.replay.ReplayMessage.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelTraceCorpusTest {
  private static final Path TRACES = OtelGraphOracleTest.TRACES;
  private static final String TOOL_TRACE = "src/test/resources/otel/tool_calls_trace.json";
  private static final String SIMPLE = TRACES.resolve("simple").toString();

  private static String text(ReplayMessage m) {
    return ((Text) m.content().get(0)).text();
  }

  @Test
  void toolCallsTokensToolsAndWaitCap() {
    ReplaySession session = corpus(files(TOOL_TRACE)).session(0);
    assertEquals("trace0_weather", session.sessionId());
    assertEquals(TOOL_TRACE, session.source());
    assertEquals(List.of("a", "b", "c"), session.events().stream().map(ReplayEvent::eventId).toList(),
        "the copy of span a counts once, the tool span is not an LLM call, the error span is in (include_errors)");
    ReplayEvent a = session.events().get(0);
    assertEquals(4096, a.maxTokens(), "a recorded tool call with tools: max(4 x 12, 4096)");
    assertEquals(12, corpus(with(files(TOOL_TRACE), x -> x.overrideToolCalls(false))).session(0).events().get(0)
        .maxTokens());
    assertEquals(20, a.recordedInputTokens());
    assertEquals("get_weather", a.recordedToolCalls().get(0).path("function").path("name").asText());
    assertEquals("{\"city\": \"Paris\"}", a.recordedToolCalls().get(0).path("function").path("arguments").asText(),
        "arguments recorded as an object are sent as the JSON text inference-perf writes");
    assertEquals("call_1", a.recordedToolCalls().get(0).path("id").asText());
    assertEquals(1, a.tools().size());
    ReplayEvent b = session.events().get(1);
    assertEquals(List.of(0), b.predecessors());
    assertEquals(15_000_000_000L, b.waitNanos(), "29 s recorded, capped at max_wait_ms 15000");
    assertEquals(9, b.maxTokens());
    assertEquals(40, b.recordedInputTokens());
    assertEquals("It is 18C and sunny in Paris.", b.recordedOutput());
    assertTrue(((Text) b.messages().get(0).content().get(0)).shared());
    assertEquals("You are a weather agent.", text(b.messages().get(0)));
    assertEquals(List.of(new OutputOf(0)), b.messages().get(2).content(), "the tool call is a's live output");
    assertEquals("tool", b.messages().get(3).role());
    assertEquals("call_1", b.messages().get(3).extra().path("tool_call_id").asText());
    assertEquals("18C, sunny", text(b.messages().get(3)));
    ReplayEvent c = session.events().get(2);
    assertEquals("system", c.messages().get(0).role(), "developer is sent as system");
    assertEquals(1_000_000_000L, c.waitNanos());
  }

  @Test
  void errorSpansCanBeLeftOutAndWaitsUncapped() {
    var config = with(files(TOOL_TRACE), b -> b.includeErrors(false).maxWaitMs(40_000));
    ReplaySession session = corpus(config).session(0);
    assertEquals(2, session.events().size());
    assertEquals(29_000_000_000L, session.events().get(1).waitNanos());
    var zero = with(files(TOOL_TRACE), b -> b.maxWaitMs(0));
    assertEquals(0, corpus(zero).session(0).events().get(1).waitNanos());
  }

  @Test
  void headersAndLabelsComeFromSpanAttributes() {
    var config = with(files(TOOL_TRACE), b -> b.headers(Map.of("slo.ttft", "x-slo-ttft-ms", "flag", "x-flag"))
        .labels(Map.of("tenant", "tenant", "missing.attribute", "other")));
    List<ReplayEvent> events = corpus(config).session(0).events();
    assertEquals(Map.of("x-slo-ttft-ms", "250", "x-flag", "True"), events.get(0).headers());
    assertEquals(Map.of("x-slo-ttft-ms", "default", "x-flag", "default"), events.get(1).headers());
    assertEquals(Map.of("tenant", "blue", "other", "default"), events.get(0).labels());
    assertEquals(Map.of("tenant", "green", "other", "default"), events.get(1).labels());
  }

  @Test
  void disabledSubstitutionKeepsTheRecordedMessages() {
    ReplaySession session = corpus(with(files(TOOL_TRACE), b -> b.disableSubstitution(true))).session(0);
    ReplayMessage assistant = session.events().get(1).messages().get(2);
    assertEquals("", text(assistant));
    assertEquals("call_1", assistant.extra().path("tool_calls").get(0).path("id").asText());
    ReplaySession chain = corpus(with(files(SIMPLE + "/simple_chain.json"), b -> b.disableSubstitution(true)))
        .session(0);
    for (ReplayEvent e : chain.events()) {
      assertTrue(e.messages().stream().allMatch(m -> m.content().get(0) instanceof Text), "no live outputs");
    }
    assertEquals(List.of(1), chain.events().get(2).predecessors(), "the waits stay");
  }

  @Test
  void duplicatesArePaddedRoundRobinWithTheirOwnMarker() {
    OtelTraceCorpus corpus = corpus(with(directory(SIMPLE), b -> b.duplicates(5)));
    assertEquals(5, corpus.size());
    List<String> ids = corpus.sessionIds();
    assertTrue(ids.get(2).equals(ids.get(0) + "_dup1") && ids.get(3).equals(ids.get(1) + "_dup2")
        && ids.get(4).equals(ids.get(0) + "_dup3"), ids.toString());
    ReplaySession original = corpus.session(0);
    ReplaySession copy = corpus.session(2);
    ReplaySession secondCopy = corpus.session(4);
    assertEquals("What is the capital of France?", text(original.events().get(0).messages().get(0)));
    String marked = text(copy.events().get(0).messages().get(0));
    assertTrue(marked.matches("\\[SESS:[0-9a-f]{16}] What is the capital of France\\?"), marked);
    assertNotEquals(marked, text(secondCopy.events().get(0).messages().get(0)), "each copy its own marker");
    assertEquals(marked, text(copy.events().get(2).messages().get(0)),
        "the shared prefix is the first call's text as sent, marker included");
    assertEquals(copy, corpus.session(2), "a session is the same each time it is built");
    assertEquals(original.events().size(), copy.events().size());
  }

  @Test
  void aTargetBelowTheCorpusAddsNothing() {
    assertEquals(2, corpus(with(directory(SIMPLE), b -> b.duplicates(1))).size());
  }

  @Test
  void injectRandomSessionIdMarksEverySession() {
    OtelTraceCorpus corpus = corpus(with(directory(SIMPLE), b -> b.inject(true)));
    String first = text(corpus.session(0).events().get(1).messages().get(2));
    String second = text(corpus.session(1).events().get(1).messages().get(2));
    assertTrue(first.startsWith("[SESS:") && first.endsWith("] Tell me more about Paris landmarks."), first);
    assertNotEquals(first, second);
  }

  @Test
  void theOrderIsShuffledWithTheSeed() {
    OtelTraceCorpus a = OtelTraceCorpus.load(directory(TRACES.resolve("advanced").toString()), 1, null);
    OtelTraceCorpus b = OtelTraceCorpus.load(directory(TRACES.resolve("advanced").toString()), 1, null);
    OtelTraceCorpus c = OtelTraceCorpus.load(directory(TRACES.resolve("advanced").toString()), 2, null);
    assertEquals(a.sessionIds(), b.sessionIds());
    assertNotEquals(a.sessionIds(), c.sessionIds());
    assertTrue(a.sessionIds().stream().allMatch(id -> id.matches("trace\\d_.+")), a.sessionIds().toString());
  }

  @Test
  void filtersSeeTheFieldsInferencePerfAddsToLocalFiles() {
    String dir = TRACES.resolve("advanced").toString();
    assertEquals(3, corpus(with(directory(dir), b -> b.filter("lambda x: len(x['spans']) >= 12"))).size());
    assertEquals(6, corpus(with(directory(dir), b -> b.filter("lambda x: x['benchmark'] == 'unknown'"
        + " and x['harness'] == 'unknown' and 'gpt-4' in x['models'] or x['max_tokens'] > 0"))).size(),
        "prefix_sharing_example records other models, and its tokens as prompt_tokens, which max_tokens skips");
    assertEquals(2, corpus(with(directory(dir), b -> b.filter("lambda x: x['session_id'] == 'test_trace_002'"
        + " or x['source_id'].endswith('/fan_in_dependencies.json')"))).size());
    ReplayFormatException none = assertThrows(ReplayFormatException.class,
        () -> corpus(with(directory(dir), b -> b.filter("lambda x: x['max_tokens'] > 1000000000"))));
    assertTrue(none.getMessage().contains("filter: keeps none of the 7 traces"),
        none.getMessage());
    ReplayFormatException keyError = assertThrows(ReplayFormatException.class,
        () -> corpus(with(directory(dir), b -> b.filter("lambda x: x['steps'] < 50"))));
    assertTrue(keyError.getMessage().startsWith("data.otel_trace_replay.filter: fails on "), keyError.getMessage());
    assertTrue(keyError.getMessage().contains("KeyError: 'steps'"), keyError.getMessage());
    assertTrue(corpus(with(directory(dir), b -> b.filter("lambda x: x.get('steps', 0) < 50"))).size() == 7);
  }

  @Test
  void globsAndMissingFiles() {
    assertEquals(9, corpus(files(TRACES + "/**/*.json")).size());
    assertEquals(2, corpus(files(TRACES + "/simple/*.json")).size());
    assertEquals(2, corpus(files(TRACES + "/simple/simple_chain.json", TRACES + "/simple/*.json")).size(),
        "a file named twice is one session");
    ReplayFormatException missing = assertThrows(ReplayFormatException.class,
        () -> corpus(files(TRACES + "/simple/nope.json")));
    assertEquals("data.otel_trace_replay.trace_files: " + TRACES + "/simple/nope.json does not exist",
        missing.getMessage());
    assertTrue(assertThrows(ReplayFormatException.class, () -> corpus(files(TRACES + "/none/*.json")))
        .getMessage().contains("no file matches"));
    assertTrue(assertThrows(ReplayFormatException.class, () -> corpus(directory(TRACES + "/missing")))
        .getMessage().contains("trace_directory: " + TRACES + "/missing does not exist"));
  }

  @Test
  void invalidFilesFailOrAreSkipped(@TempDir Path dir) throws IOException {
    Files.copy(Path.of(TOOL_TRACE), dir.resolve("good.json"));
    Files.writeString(dir.resolve("broken.json"), "{\"spans\": [");
    ReplayFormatException e = assertThrows(ReplayFormatException.class, () -> corpus(directory(dir.toString())));
    assertTrue(e.getMessage().contains(dir.resolve("broken.json") + " is not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("skip_invalid_files: true"), e.getMessage());
    assertEquals(1, corpus(with(directory(dir.toString()), b -> b.skipInvalid(true))).size());
  }

  @Test
  void aTraceWithoutLlmCallsIsASessionThatCannotBeBuilt(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tools_only.json"), "{\"trace_id\": \"t\", \"spans\": [{\"span_id\": \"s\","
        + " \"name\": \"execute_tool x\", \"start_time\": \"2026-01-01T00:00:00\", \"attributes\": {}}]}");
    Files.writeString(dir.resolve("bad_messages.json"), "{\"trace_id\": \"u\", \"spans\": [{\"span_id\": \"s\","
        + " \"name\": \"chat m\", \"start_time\": \"2026-01-01T00:00:00\", \"attributes\":"
        + " {\"gen_ai.input.messages\": \"[{\\\"role\\\": \"}}]}");
    OtelTraceCorpus corpus = corpus(directory(dir.toString()));
    assertEquals(2, corpus.size());
    for (int i = 0; i < 2; i++) {
      int index = i;
      ReplayFormatException e = assertThrows(ReplayFormatException.class, () -> corpus.session(index));
      assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no LLM spans") || e.getMessage().contains("span s: gen_ai.input.messages"
          + " is not valid JSON"), e.getMessage());
    }
  }

  @Test
  void hubRowsAreSessionsReadBackByteRange(@TempDir Path dir) throws IOException {
    String trace = Files.readString(Path.of(TOOL_TRACE)).replace("\n", "");
    String spans = trace.substring(trace.indexOf("\"spans\""), trace.lastIndexOf('}'));
    Files.writeString(dir.resolve("rows.jsonl"), "{\"session_id\": \"s1\", \"benchmark\": \"gsm8k\", " + spans
        + "}\n{\"session_id\": \"s2\", \"benchmark\": \"tau2\", \"spans\": []}\n\n{\"benchmark\": \"gsm8k\", "
        + spans + "}\n");
    var config = new io.inferenceperf.config.OtelTraceReplayConfig(null, null,
        new io.inferenceperf.config.OtelTraceReplayConfig.HubDataset("org/traces", "default", "train", null),
        "lambda x: x['benchmark'] == 'gsm8k'", true, false, 15_000, false, null, false, Map.of(), Map.of(), false,
        "", Map.of(), 1000, 3600, true);
    OtelTraceCorpus corpus = OtelTraceCorpus.load(config, 42, dir.resolve("rows.jsonl"));
    assertEquals(2, corpus.size());
    assertTrue(corpus.sessionIds().containsAll(List.of("trace0_s1", "trace1_session_2"))
        || corpus.sessionIds().containsAll(List.of("trace1_s1", "trace0_session_2")), corpus.sessionIds().toString());
    for (int i = 0; i < 2; i++) assertEquals(3, corpus.session(i).events().size());
    assertTrue(corpus.session(0).source().startsWith("org/traces row "));
    assertFalse(corpus.sessionIds().stream().anyMatch(id -> id.contains("s2")));
    assertNull(corpus.session(0).events().get(0).predecessors().isEmpty() ? null : "root has predecessors");
  }
}
