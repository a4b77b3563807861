package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * api.response_format, api.session_id_header_key and api.session_token_header_key, checked on what reached the
 * wire. The server is {@link CapturingOpenAiServer} (it keeps request headers and plays a router that hands out
 * session tokens), because the simulator keeps no request headers.
 */
class ApiExtrasEndToEndTest {

  @Test
  void responseFormatIsSentInTheWireForm(@TempDir Path dir) throws Exception {
    try (CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api:
            type: chat
            response_format:
              name: answer
              json_schema: {type: object, properties: {answer: {type: string}}, required: [answer]}
          server: {type: vllm, base_url: %s, model_name: m}
          data: {type: mock}
          load: {type: constant, stages: [{rate: 20, duration: 0.2}]}
          """.formatted(server.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      List<CapturingOpenAiServer.Received> chats = server.received("/v1/chat/completions");
      assertFalse(chats.isEmpty());
      for (CapturingOpenAiServer.Received chat : chats) {
        assertEquals(CliRunner.JSON.readTree("""
            {"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object",
             "properties":{"answer":{"type":"string"}},"required":["answer"]}}}"""),
            chat.json().get("response_format"), chat.body());
      }
    }
  }

  @Test
  void jsonObjectFormatOnTheCompletionApi(@TempDir Path dir) throws Exception {
    try (CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api: {type: completion, streaming: true, response_format: {type: json_object}}
          server: {type: vllm, base_url: %s, model_name: m}
          data: {type: mock}
          load: {type: constant, stages: [{rate: 20, duration: 0.2}]}
          """.formatted(server.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      for (CapturingOpenAiServer.Received request : server.received("/v1/completions")) {
        assertEquals(CliRunner.JSON.readTree("{\"type\":\"json_object\"}"), request.json().get("response_format"));
      }
    }
  }

  @Test
  void sessionsSendTheirIdAndEchoTheRoutersToken(@TempDir Path dir) throws Exception {
    try (CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api: {type: completion, streaming: true, session_id_header_key: X-Session-Id,
                session_token_header_key: x-session-token}
          server: {type: vllm, base_url: %s, model_name: m}
          tokenizer: {pretrained_model_name_or_path: "%s"}
          data:
            type: shared_prefix
            shared_prefix: {num_groups: 2, num_prompts_per_group: 2, system_prompt_len: 20, question_len: 5,
              output_len: 5, seed: 3, enable_multi_turn_chat: true}
          load: {type: constant, stages: [{rate: 60, duration: 0.3}]}
          """.formatted(server.baseUrl(), RealTokenizers.folder("llama3"));
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      Map<String, List<CapturingOpenAiServer.Received>> bySession = new LinkedHashMap<>();
      for (CapturingOpenAiServer.Received request : server.received("/v1/completions")) {
        String session = request.headers().get("x-session-id");
        assertTrue(session != null && session.startsWith("user_session_"), request.headers().toString());
        bySession.computeIfAbsent(session, k -> new ArrayList<>()).add(request);
      }
      assertEquals(4, bySession.size(), bySession.keySet().toString());
      Set<String> tokens = new HashSet<>();
      for (List<CapturingOpenAiServer.Received> turns : bySession.values()) {
        assertTrue(turns.size() >= 2, "each session has later turns");
        assertNull(turns.get(0).headers().get("x-session-token"), "the first turn has no token yet");
        String issued = turns.get(0).answeredToken();
        for (CapturingOpenAiServer.Received later : turns.subList(1, turns.size())) {
          assertEquals(issued, later.headers().get("x-session-token"), "later turns echo their session's token");
        }
        assertTrue(tokens.add(issued), "every session has its own token");
      }
    }
  }
}
