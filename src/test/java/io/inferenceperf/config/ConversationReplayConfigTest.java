package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.conversation_replay (keys, defaults, errors naming their key) and server.type mock. */
class ConversationReplayConfigTest {

  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      api: {type: completion}
      """;

  private LoadResult yaml(String rest) {
    return Loads.yaml(dir, HEAD + rest);
  }

  @Test
  void everyKeyIsBound() {
    ConversationReplayConfig c = ok(yaml("""
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data:
          type: conversation_replay
          conversation_replay:
            seed: 7
            num_conversations: 4
            shared_system_prompt_len: 100
            dynamic_system_prompt_len: {type: uniform, min: 5, max: 50}
            turns_per_conversation: {type: normal, min: 2, max: 9, mean: 5, std_dev: 2}
            input_tokens_per_turn: {type: lognormal, min: 10, max: 400, mean: 80, std_dev: 60}
            output_tokens_per_turn: {type: fixed, min: 1, max: 100, mean: 30}
            tool_call_latency_sec: {type: uniform, min: 0, max: 2}
            max_model_len: 4096
        """)).data().conversationReplay();
    assertEquals(7, c.seed());
    assertEquals(4, c.numConversations());
    assertEquals(100, c.sharedSystemPromptLen());
    assertEquals(Distribution.Type.UNIFORM, c.dynamicSystemPromptLen().type());
    assertEquals(9, c.turnsPerConversation().max());
    assertEquals(80, c.inputTokensPerTurn().mean());
    assertEquals(30, c.outputTokensPerTurn().mean());
    assertEquals(2, c.toolCallLatencySec().max());
    assertEquals(4096, c.maxModelLen());
  }

  @Test
  void anEmptySectionTakesInferencePerfDefaults() {
    ConversationReplayConfig c = ok(yaml("""
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data: {type: conversation_replay, conversation_replay: {}}
        """)).data().conversationReplay();
    assertEquals(ConversationReplayConfig.defaults(), c);
    assertEquals(42, c.seed());
    assertEquals(200, c.numConversations());
    assertEquals(8359, c.sharedSystemPromptLen());
    assertEquals(225000, c.maxModelLen());
    assertEquals(SharedPrefixConfig.fixed(0), c.dynamicSystemPromptLen());
    assertEquals(SharedPrefixConfig.fixed(10), c.turnsPerConversation());
    assertEquals(SharedPrefixConfig.fixed(512), c.inputTokensPerTurn());
    assertEquals(SharedPrefixConfig.fixed(256), c.outputTokensPerTurn());
    assertNull(c.toolCallLatencySec());
  }

  @Test
  void theSectionIsRequired() {
    Loads.onlyProblem(yaml("""
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data: {type: conversation_replay}
        """), "data.conversation_replay", "missing required key for data.type conversation_replay");
  }

  @Test
  void chatAndTraceSessionReplayAreRefusedWithTheWayOut() {
    LoadResult chat = Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        api: {type: chat}
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data: {type: conversation_replay, conversation_replay: {}}
        """);
    Loads.onlyProblem(chat, "api.type", "api.type completion only");
    LoadResult sessions = yaml("""
        load: {type: trace_session_replay, stages: [{concurrent_sessions: 2}]}
        data: {type: conversation_replay, conversation_replay: {}}
        """);
    Loads.problem(sessions, "load.type", "use load.type concurrent");
  }

  @Test
  void badLengthsNameTheirKey() {
    LoadResult r = yaml("""
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data:
          type: conversation_replay
          conversation_replay:
            num_conversations: 0
            turns_per_conversation: {type: fixed, min: 0, max: 5, mean: 3}
            input_tokens_per_turn: {min: 50, max: 10}
        """);
    Loads.problem(r, "data.conversation_replay.num_conversations", "");
    Loads.problem(r, "data.conversation_replay.turns_per_conversation.min", "must be >= 1, got 0");
    Loads.problem(r, "data.conversation_replay.input_tokens_per_turn.min", "must be <= max");
  }

  @Test
  void aFixedValueOutsideTheDefaultBoundsIsNoted() {
    LoadResult r = yaml("""
        load: {type: concurrent, stages: [{num_requests: 20, concurrency_level: 4}]}
        data:
          type: conversation_replay
          conversation_replay: {tool_call_latency_sec: {type: fixed, mean: 0.5}}
        """);
    ok(r);
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("data.conversation_replay.tool_call_latency_sec"
        + ".mean") && n.message().contains("clipped")), r.notes().toString());
  }

  @Test
  void serverTypeMockIgnoresBaseUrlWithANote() {
    LoadResult r = Loads.yaml(dir, """
        server: {type: mock, base_url: "http://0.0.0.0:8000"}
        load: {stages: [{rate: 1, duration: 2}]}
        data: {type: mock}
        """);
    Config config = ok(r);
    assertEquals(ServerType.MOCK, config.server().type());
    assertNull(config.server().baseUrl());
    assertTrue(config.server().type().inProcess());
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("server.base_url")
        && n.message().contains("nothing real is measured")), r.notes().toString());
    ok(Loads.yaml(dir, """
        server: {type: mock}
        load: {stages: [{rate: 1, duration: 2}]}
        """));
  }
}
