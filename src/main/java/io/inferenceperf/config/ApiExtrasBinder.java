package io.inferenceperf.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Binds api.response_format and the session header keys, with their checks. */
final class ApiExtrasBinder {

  /** RFC 9110 token characters: what a header name may contain. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ApiExtrasBinder() {}

  /** api.response_format, or null when absent; json_schema type needs a schema. */
  static ResponseFormat responseFormat(TreeView api, Findings findings) {
    TreeView format = api.section("response_format");
    if (format == null) {
      return null;
    }
    String typeName = format.stringOrDefault("type");
    ResponseFormat.Type type = ResponseFormat.Type.JSON_SCHEMA;
    for (ResponseFormat.Type t : ResponseFormat.Type.values()) {
      if (t.yamlName.equals(typeName)) {
        type = t;
      }
    }
    TreeView schema = format.section("json_schema");
    if (type == ResponseFormat.Type.JSON_SCHEMA && schema == null && format.valid("json_schema")
        && format.valid("type")) {
      findings.problem(format.problem("json_schema", "required with response_format.type json_schema: give the"
          + " schema as a mapping (e.g. {type: object, properties: {answer: {type: string}}}), or set type:"
          + " json_object"));
    }
    String name = format.stringOrDefault("name");
    if (name == null || name.isBlank()) {
      findings.problem(format.problem("name", "must not be empty (default: structured_output)"));
    }
    return new ResponseFormat(type, name, schema == null ? null : Plain.toPlainMap(schema.map()));
  }

  /** A header name from {@code key}, lower-cased (header names are case-insensitive), or null when absent. */
  static String headerName(TreeView api, String key, Findings findings) {
    String name = api.string(key);
    if (name == null) {
      return null;
    }
    if (!HEADER_NAME.matcher(name).matches()) {
      findings.problem(api.problem(key, "'" + name + "' is not a valid HTTP header name (letters, digits and"
          + " -_.!#$%&'*+^`|~ only), e.g. x-session-id"));
      return null;
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
