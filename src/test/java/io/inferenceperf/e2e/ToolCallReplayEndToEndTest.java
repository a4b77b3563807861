package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * otel_trace_replay of recorded tool calls over real HTTP against the simulator (which answers a forced tool_choice
 * with a streamed tool call): the call that recorded a tool call forces it, the next call carries the live tool call
 * (server id and arguments) in place of the recorded one and answers it with the live id, for chat and Anthropic
 * Messages; bad_tool_call_handling use_recorded with malformed live arguments (the simulator's fault header, mapped
 * from a span attribute) sends the recorded call instead, or fails the call when the recorded one is malformed too.
 *
 * <p>The bodies checked are the per-request file's: the exact bytes the client sent to the simulator and the raw
 * responses it streamed back.
 */
class ToolCallReplayEndToEndTest {

  private static final String TOOLS = "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\","
      + " \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}},"
      + " {\"type\": \"function\", \"function\": {\"name\": \"get_time\", \"parameters\": {\"type\": \"object\"}}}]";

  private static RunningSimulator simulator() {
    // ignore_eos false (a forced tool call) stops after 6 tokens: the call ends by itself, finish reason tool_calls
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1,
        "output_len_mean", 6, "output_len_stddev", 0)).orThrow());
  }

  private static ObjectNode message(String role, String content) {
    return CliRunner.JSON.createObjectNode().put("role", role).put("content", content);
  }

  private static ObjectNode toolCall(String id, String name, String arguments) {
    ObjectNode call = CliRunner.JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  private static ObjectNode span(String id, String start, String end, ArrayNode input, ObjectNode output,
      String outputText, int inTokens, int outTokens, Map<String, String> attributes) {
    ObjectNode span = CliRunner.JSON.createObjectNode().put("span_id", id).put("name", "chat agent")
        .put("start_time", "2026-03-01T09:00:" + start + "Z").put("end_time", "2026-03-01T09:00:" + end + "Z");
    ObjectNode attrs = span.putObject("attributes");
    attrs.put("gen_ai.operation.name", "chat");
    attrs.put("gen_ai.input.messages", input.toString());
    if (output != null) attrs.put("gen_ai.output.messages", CliRunner.JSON.createArrayNode().add(output).toString());
    if (outputText != null) attrs.put("gen_ai.output.text", outputText);
    attrs.put("gen_ai.tool.definitions", TOOLS);
    attrs.put("gen_ai.usage.input_tokens", inTokens);
    attrs.put("gen_ai.usage.output_tokens", outTokens);
    attributes.forEach(attrs::put);
    span.putObject("status").put("code", 1);
    return span;
  }

  /**
   * A session: "plan" calls tools, "answer" gets their results. {@code calls} are the recorded tool calls; the
   * results come in reverse order.
   */
  private static void writeTrace(Path dir, String name, List<ObjectNode> calls, Map<String, String> planAttributes)
      throws IOException {
    ArrayNode prompt = CliRunner.JSON.createArrayNode().add(message("system", "You are a weather agent."))
        .add(message("user", "Weather and time in " + name + "?"));
    ObjectNode output = message("assistant", null);
    output.putNull("content");
    output.set("tool_calls", CliRunner.JSON.valueToTree(calls));
    ArrayNode answerInput = prompt.deepCopy().add(output.deepCopy());
    for (int i = calls.size() - 1; i >= 0; i--) {
      answerInput.add(message("tool", "result of " + calls.get(i).at("/function/name").asText())
          .put("tool_call_id", calls.get(i).get("id").asText()));
    }
    ObjectNode trace = CliRunner.JSON.createObjectNode().put("trace_id", name);
    trace.putArray("spans")
        .add(span("plan", "00.000000", "01.000000", prompt, output, null, 20, 12, planAttributes))
        .add(span("answer", "01.100000", "02.000000", answerInput, null, "It is sunny.", 40, 5, Map.of()));
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("traces").resolve(name + ".json"), trace.toPrettyString());
  }

  private static String yaml(RunningSimulator sim, Path dir, String api, String handling, int sessions) {
    return """
        api: {type: %s, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        data:
          type: otel_trace_replay
          otel_trace_replay:
            trace_files: ["%s/traces/*.json"]
            bad_tool_call_handling: %s
            attribute_to_header_map: {sim.bad_arguments: x-simulator-bad-tool-arguments}
        load: {type: trace_session_replay, stages: [{num_sessions: %d, concurrent_sessions: 0}]}
        report:
          request_lifecycle: {per_request: true}
          session_lifecycle: {summary: true, per_session: true}
        """.formatted(api, sim.baseUrl(), dir, handling, sessions);
  }

  /** The per-request entries by "trace/event" (the session id is trace{slot}_{trace id}). */
  private static Map<String, JsonNode> entries(CliRunner.Result run) throws IOException {
    Map<String, JsonNode> byEvent = new HashMap<>();
    for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
      String session = entry.at("/info/extra_info/session_id").asText().replaceFirst("^trace\\d+_", "");
      byEvent.put(session + "/" + entry.at("/info/graph_event_id").asText(), entry);
    }
    return byEvent;
  }

  private static JsonNode body(JsonNode entry) throws IOException {
    return CliRunner.JSON.readTree(entry.get("request").asText());
  }

  /** The live tool call of a streamed response: {id, arguments} from chat deltas or Anthropic events. */
  private static String[] liveCall(JsonNode entry) throws IOException {
    String id = null;
    StringBuilder arguments = new StringBuilder();
    for (String line : entry.get("response").asText().split("\n")) {
      if (!line.startsWith("data: {")) continue;
      JsonNode event = CliRunner.JSON.readTree(line.substring(6));
      JsonNode chat = event.at("/choices/0/delta/tool_calls/0");
      if (!chat.isMissingNode()) {
        if (chat.has("id")) id = chat.get("id").asText();
        arguments.append(chat.at("/function/arguments").asText());
      }
      if (event.at("/content_block/type").asText().equals("tool_use")) id = event.at("/content_block/id").asText();
      if (event.at("/delta/type").asText().equals("input_json_delta")) {
        arguments.append(event.at("/delta/partial_json").asText());
      }
    }
    return new String[] {id, arguments.toString()};
  }

  private static void writeBothTraces(Path dir) throws IOException {
    writeTrace(dir, "paris", List.of(toolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")), Map.of());
    writeTrace(dir, "rome", List.of(toolCall("call_w", "get_weather", "{\"city\": \"Rome\"}"),
        toolCall("call_t", "get_time", "{\"city\": \"Rome\"}")), Map.of());
  }

  @Test
  void chatCarriesTheLiveToolCallsToTheNextCall(@TempDir Path dir) throws Exception {
    writeBothTraces(dir);
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim, dir, "chat", "none", 2));
      assertEquals(0, run.exitCode(), run.err());
      Map<String, JsonNode> byEvent = entries(run);
      assertEquals(4, byEvent.size(), byEvent.keySet().toString());
      byEvent.values().forEach(e -> assertTrue(e.get("error").isNull(), e.toString()));

      JsonNode plan = body(byEvent.get("paris/plan"));
      assertEquals("get_weather", plan.at("/tool_choice/function/name").asText(), "one recorded name: forced");
      assertFalse(plan.get("ignore_eos").asBoolean(), "override_tool_call_max_tokens lets the call end");
      assertEquals(4096, plan.get("max_tokens").asInt());
      String[] live = liveCall(byEvent.get("paris/plan"));
      assertTrue(live[0].startsWith("call_") && !live[0].equals("call_1"), live[0]);
      CliRunner.JSON.readTree(live[1]); // valid JSON arguments, streamed over several chunks
      JsonNode answer = body(byEvent.get("paris/answer"));
      JsonNode assistant = answer.at("/messages/2");
      assertEquals(live[0], assistant.at("/tool_calls/0/id").asText(), answer.toString());
      assertEquals(live[1], assistant.at("/tool_calls/0/function/arguments").asText());
      assertEquals(live[0], answer.at("/messages/3/tool_call_id").asText(), "the result answers the live id");
      assertFalse(answer.has("tool_choice"), "the answer recorded text: nothing forced");

      // two recorded names: "required"; the simulator calls the first tool, paired by name with call_w
      JsonNode romePlan = body(byEvent.get("rome/plan"));
      assertEquals("required", romePlan.get("tool_choice").asText());
      String[] romeLive = liveCall(byEvent.get("rome/plan"));
      JsonNode romeAnswer = body(byEvent.get("rome/answer"));
      JsonNode calls = romeAnswer.at("/messages/2/tool_calls");
      assertEquals(2, calls.size());
      assertEquals(romeLive[0], calls.at("/0/id").asText());
      assertEquals(romeLive[1], calls.at("/0/function/arguments").asText());
      assertEquals("call_t", calls.at("/1/id").asText(), "no live get_time call: the recorded one stays");
      assertEquals("call_t", romeAnswer.at("/messages/3/tool_call_id").asText());
      assertEquals(romeLive[0], romeAnswer.at("/messages/4/tool_call_id").asText());
    }
  }

  @Test
  void anthropicSendsToolUseAndToolResultBlocksWithTheLiveIds(@TempDir Path dir) throws Exception {
    writeTrace(dir, "paris", List.of(toolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")), Map.of());
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim, dir, "anthropic_messages", "none", 1));
      assertEquals(0, run.exitCode(), run.err());
      Map<String, JsonNode> byEvent = entries(run);
      assertEquals(2, byEvent.size(), byEvent.keySet().toString());
      String session = "paris";
      JsonNode plan = body(byEvent.get(session + "/plan"));
      assertEquals("tool", plan.at("/tool_choice/type").asText(), plan.toString());
      String[] live = liveCall(byEvent.get(session + "/plan"));
      assertTrue(live[0].startsWith("toolu_"), live[0]);
      JsonNode answer = body(byEvent.get(session + "/answer"));
      assertTrue(byEvent.get(session + "/answer").get("error").isNull());
      JsonNode toolUse = answer.at("/messages/1/content/0");
      assertEquals("tool_use", toolUse.get("type").asText(), answer.toString());
      assertEquals(live[0], toolUse.get("id").asText());
      assertEquals(CliRunner.JSON.readTree(live[1]), toolUse.get("input"), "the live arguments as input");
      assertEquals("user", answer.at("/messages/2/role").asText());
      JsonNode result = answer.at("/messages/2/content/0");
      assertEquals("tool_result", result.get("type").asText());
      assertEquals(live[0], result.get("tool_use_id").asText(), "the result answers the live id");
      assertEquals("result of get_weather", result.get("content").asText());
    }
  }

  @Test
  void useRecordedReplacesAMalformedLiveCallOrFailsWhenTheRecordedOneIsMalformedToo(@TempDir Path dir)
      throws Exception {
    Map<String, String> bad = Map.of("sim.bad_arguments", "true");
    writeTrace(dir, "paris", List.of(toolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")), bad);
    writeTrace(dir, "broken", List.of(toolCall("call_b", "get_weather", "{\"city\": ")), bad);
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim, dir, "chat", "use_recorded", 2));
      Map<String, JsonNode> byEvent = entries(run);
      String[] live = liveCall(byEvent.get("paris/plan"));
      assertTrue(live[1].startsWith("{\"input\": ") && !live[1].endsWith("}"), "malformed live arguments: " + live[1]);
      JsonNode answer = body(byEvent.get("paris/answer"));
      assertEquals("call_1", answer.at("/messages/2/tool_calls/0/id").asText(), "the recorded call instead");
      assertEquals("{\"city\": \"Paris\"}", answer.at("/messages/2/tool_calls/0/function/arguments").asText());
      assertEquals("call_1", answer.at("/messages/3/tool_call_id").asText());
      assertTrue(byEvent.get("paris/answer").get("error").isNull());

      JsonNode brokenPlan = byEvent.get("broken/plan");
      assertFalse(brokenPlan.get("error").isNull(), "the recorded call is malformed too: the call fails");
      assertTrue(brokenPlan.at("/error/error_msg").asText().contains("use_recorded"), brokenPlan.toString());
      assertFalse(byEvent.containsKey("broken/answer"), "its dependant is cancelled, never sent");
      JsonNode summary = run.json("summary_session_lifecycle_metrics.json");
      assertEquals(1, summary.get("num_sessions_failed").asInt());
      assertEquals(1, summary.get("total_events_cancelled").asInt());
      assertEquals(1, summary.get("sessions_with_recorded_substitution").asInt(), summary.toString());
      assertEquals(1, summary.at("/total_recorded_substitutions/count").asInt());
      assertTrue(summary.at("/total_recorded_substitutions/messages/0/message").asText().endsWith("['plan']"),
          summary.toString());
    }
  }

  @Test
  void withoutHandlingTheMalformedLiveCallIsSentOn(@TempDir Path dir) throws Exception {
    writeTrace(dir, "paris", List.of(toolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")),
        Map.of("sim.bad_arguments", "true"));
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim, dir, "chat", "none", 1));
      assertEquals(0, run.exitCode(), run.err());
      Map<String, JsonNode> byEvent = entries(run);
      String[] live = liveCall(byEvent.get("paris/plan"));
      JsonNode answer = body(byEvent.get("paris/answer"));
      assertEquals(live[1], answer.at("/messages/2/tool_calls/0/function/arguments").asText());
      assertNotEquals("call_1", answer.at("/messages/2/tool_calls/0/id").asText());
    }
  }
}
