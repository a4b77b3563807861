package io.inferenceperf.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON layout of our report files: two-space indentation, {@code "key": value}, one array element per line and
 * {@code {}} for empty objects, the way Python's {@code json.dump(indent=2)} lays out inference-perf's files.
 */
public final class JsonFormat {

  /** Shared, thread-safe mapper for report trees. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

  private JsonFormat() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The pretty text of a report tree, ending with a newline. */
  public static String pretty(JsonNode tree) {
    try {
      return PRETTY.writeValueAsString(tree) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a report tree could not be serialized", e);
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  /** Puts a double, or null when it is NaN or infinite (JSON has no such numbers). */
  static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }
}
