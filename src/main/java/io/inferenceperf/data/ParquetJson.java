package io.inferenceperf.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A Parquet row's plain Java values as a JSON tree, so that Parquet rows and JSON records are read by the same code:
 * maps become objects, lists arrays, byte arrays binary nodes (no base64 round trip for images).
 */
final class ParquetJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ParquetJson() {}

  static JsonNode tree(Object value) {
    return switch (value) {
      case null -> NODES.nullNode();
      case Map<?, ?> map -> {
        ObjectNode object = NODES.objectNode();
        map.forEach((k, v) -> object.set(String.valueOf(k), tree(v)));
        yield object;
      }
      case List<?> list -> {
        ArrayNode array = NODES.arrayNode(list.size());
        for (Object item : list) array.add(tree(item));
        yield array;
      }
      case String text -> NODES.textNode(text);
      case byte[] bytes -> NODES.binaryNode(bytes);
      case Boolean bool -> NODES.booleanNode(bool);
      case Integer number -> NODES.numberNode(number);
      case Long number -> NODES.numberNode(number);
      case Float number -> NODES.numberNode(number);
      case Double number -> NODES.numberNode(number);
      case BigDecimal number -> NODES.numberNode(number);
      default -> NODES.textNode(value.toString());
    };
  }
}
