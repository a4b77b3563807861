package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** api.response_format and the session header keys: binding, wire form, and the errors for bad values. */
class ApiExtrasConfigTest {

  @Test
  void responseFormatBindsWithDefaultsAndHasTheWireForm() {
    Config config = Loads.ok(Loads.minimalPlus("--api.response_format",
        "{\"json_schema\": {\"type\": \"object\", \"required\": [\"a\"]}}"));
    ResponseFormat format = config.api().responseFormat();
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, format.type());
    assertEquals("structured_output", format.name());
    assertEquals(Map.of("type", "json_schema", "json_schema",
        Map.of("name", "structured_output", "schema", Map.of("type", "object", "required", List.of("a")))),
        format.wireForm());
    Config object = Loads.ok(Loads.minimalPlus("--api.response_format.type", "json_object"));
    assertEquals(Map.of("type", "json_object"), object.api().responseFormat().wireForm());
    assertNull(Loads.ok(Loads.minimalPlus()).api().responseFormat());
  }

  @Test
  void badResponseFormatsNameTheKey() {
    Loads.onlyProblem(Loads.minimalPlus("--api.response_format.type", "json_schema"),
        "api.response_format.json_schema", "json_object");
    Loads.onlyProblem(Loads.minimalPlus("--api.response_format.type", "yaml"),
        "api.response_format.type", "json_object");
  }

  @Test
  void sessionHeaderKeysAreLowerCasedHeaderNames() {
    Config config = Loads.ok(Loads.minimalPlus("--api.session_id_header_key", "X-Session-Id",
        "--api.session_token_header_key", "x-session-token"));
    assertEquals("x-session-id", config.api().sessionIdHeader());
    assertEquals("x-session-token", config.api().sessionTokenHeader());
    assertEquals("x-session-id", config.api().withType(ApiConfig.ApiType.CHAT).sessionIdHeader(),
        "resolving api.type auto keeps the other keys");
    Loads.onlyProblem(Loads.minimalPlus("--api.session_token_header_key", "x session"),
        "api.session_token_header_key", "header name");
  }
}
