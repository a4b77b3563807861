package io.inferenceperf.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.DataConfig.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * What one record of each dataset type must hold, and why a record that does not is left out. Column names are the
 * datasets' own:
 *
 * <ul>
 *   <li>shareGPT, billsum_conversations: {@code conversations: [{from, value}, ...]}; turn 0 is the prompt, turn 1
 *       the completion; a turn may itself be a JSON string; rows with fewer than 2 turns are skipped;
 *   <li>cnn_dailymail: {@code article} is the prompt, {@code highlights} the completion;
 *   <li>infinity_instruct: {@code conversations}; the last turn must be from "gpt" and is the completion, the
 *       earlier turns joined with "\n" are the prompt.
 * </ul>
 */
final class DatasetShape {
  /** A record's row, or why it has none. */
  record Parsed(DatasetRow row, String rejection) {
    static Parsed rejected(String why) {
      return new Parsed(null, why);
    }
  }

  private DatasetShape() {}

  /** The record a data type reads, for messages. */
  static String expected(DataType type) {
    return switch (type) {
      case CNN_DAILYMAIL -> "records {\"article\": prompt, \"highlights\": completion}";
      case INFINITY_INSTRUCT -> "records {\"conversations\": [{\"from\": \"human\", \"value\": ...}, ...,"
          + " {\"from\": \"gpt\", \"value\": completion}]}";
      default -> "records {\"conversations\": [{\"from\": \"human\", \"value\": prompt}, {\"from\": \"gpt\","
          + " \"value\": completion}, ...]}";
    };
  }

  static Parsed parse(JsonNode record, DataType type, Json json) {
    if (!record.isObject()) return Parsed.rejected("is " + kind(record) + ", not an object");
    if (type == DataType.CNN_DAILYMAIL) return textPair(record, "article", "highlights");
    JsonNode conversations = record.get("conversations");
    if (conversations == null || !conversations.isArray()) {
      return Parsed.rejected("has no \"conversations\" list (its keys: " + keys(record) + ")");
    }
    List<JsonNode> turns = new ArrayList<>();
    for (JsonNode turn : conversations) {
      JsonNode parsed = turn.isTextual() ? json.read(turn.asText()) : turn;
      if (parsed == null) return Parsed.rejected("has a turn that is a string but not JSON");
      turns.add(parsed);
    }
    if (turns.size() < 2) return Parsed.rejected("has " + turns.size() + " turn(s); 2 are needed");
    return type == DataType.INFINITY_INSTRUCT ? lastTurnAsCompletion(turns) : firstTwoTurns(turns);
  }

  /** Reads a JSON string held inside a record; null when it is not JSON. */
  interface Json {
    JsonNode read(String text);
  }

  private static Parsed textPair(JsonNode record, String promptKey, String completionKey) {
    JsonNode prompt = record.path(promptKey);
    JsonNode completion = record.path(completionKey);
    if (!prompt.isTextual() || !completion.isTextual()) {
      String missing = !prompt.isTextual() ? promptKey : completionKey;
      return Parsed.rejected("has no string \"" + missing + "\" (its keys: " + keys(record) + ")");
    }
    return new Parsed(new DatasetRow(prompt.asText(), completion.asText()), null);
  }

  private static Parsed firstTwoTurns(List<JsonNode> turns) {
    JsonNode promptTurn = turns.get(0);
    JsonNode completionTurn = turns.get(1);
    JsonNode prompt = promptTurn.path("value");
    JsonNode completion = completionTurn.path("value");
    if (!prompt.isTextual() || !completion.isTextual()) {
      return Parsed.rejected("has a turn without a string \"value\" (its keys: "
          + keys(!prompt.isTextual() ? promptTurn : completionTurn) + ")");
    }
    return new Parsed(new DatasetRow(prompt.asText(), completion.asText()), null);
  }

  private static Parsed lastTurnAsCompletion(List<JsonNode> turns) {
    JsonNode last = turns.get(turns.size() - 1);
    if (!"gpt".equals(last.path("from").asText())) {
      return Parsed.rejected("has a last turn from \"" + last.path("from").asText() + "\", not \"gpt\"");
    }
    List<String> earlier = new ArrayList<>();
    for (JsonNode turn : turns.subList(0, turns.size() - 1)) {
      earlier.add(turn.path("value").asText());
    }
    return new Parsed(new DatasetRow(String.join("\n", earlier), last.path("value").asText()), null);
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> "null";
    };
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.size() > 10 ? names.subList(0, 10) : names;
  }
}
