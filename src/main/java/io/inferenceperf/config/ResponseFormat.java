package io.inferenceperf.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code api.response_format}: structured output, sent as the body's {@code response_format} by the completion and
 * chat APIs (the Anthropic Messages API has no such parameter and sends none).
 *
 * @param type json_schema (the output must match {@code jsonSchema}) or json_object (any JSON object)
 * @param name the schema's name in the request
 * @param jsonSchema the schema as plain values (maps, lists, strings, numbers, booleans); null for json_object
 */
public record ResponseFormat(Type type, String name, Map<String, Object> jsonSchema) {

  public ResponseFormat {
    jsonSchema = jsonSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(jsonSchema));
  }

  public enum Type {
    JSON_SCHEMA("json_schema"),
    JSON_OBJECT("json_object");

    public final String yamlName;

    Type(String yamlName) {
      this.yamlName = yamlName;
    }
  }

  /**
   * The wire form: {@code {"type":"json_object"}} or
   * {@code {"type":"json_schema","json_schema":{"name":..,"schema":..}}}.
   */
  public Map<String, Object> wireForm() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type.yamlName);
    if (type == Type.JSON_SCHEMA) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("name", name);
      schema.put("schema", jsonSchema);
      out.put("json_schema", schema);
    }
    return out;
  }
}
