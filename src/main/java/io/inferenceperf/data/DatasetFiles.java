package io.inferenceperf.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.DataConfig.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads local dataset files (data.path): a .json file (an array of records, or one record), a .jsonl file (one
 * record per line), or a folder of them (in name order). Records are streamed, and only the prompt and completion
 * strings are kept, so large files such as ShareGPT fit in memory. Column names are the datasets' own:
 *
 * <ul>
 *   <li>shareGPT, billsum_conversations: {@code conversations: [{from, value}, ...]}; turn 0 is the prompt, turn 1
 *       the completion; a turn may itself be a JSON string; rows with fewer than 2 turns are skipped;
 *   <li>cnn_dailymail: {@code article} is the prompt, {@code highlights} the completion;
 *   <li>infinity_instruct: {@code conversations}; the last turn must be from "gpt" and is the completion, the
 *       earlier turns joined with "\n" are the prompt.
 * </ul>
 */
final class DatasetFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetFiles() {}

  static List<DatasetRow> read(Path path, DataType type) throws IOException {
    List<DatasetRow> rows = new ArrayList<>();
    for (Path file : files(path)) {
      if (file.getFileName().toString().endsWith(".jsonl")) {
        readJsonLines(file, type, rows);
      } else {
        readJson(file, type, rows);
      }
    }
    return rows;
  }

  private static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl")).sorted()
          .toList();
    }
  }

  private static void readJsonLines(Path file, DataType type, List<DatasetRow> rows) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          addRow(JSON.readTree(line), type, rows);
        }
      }
    }
  }

  private static void readJson(Path file, DataType type, List<DatasetRow> rows) throws IOException {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          addRow(JSON.readTree(parser), type, rows);
        }
      } else if (first == JsonToken.START_OBJECT) {
        addRow(JSON.readTree(parser), type, rows);
      }
    }
  }

  private static void addRow(JsonNode record, DataType type, List<DatasetRow> rows) throws IOException {
    DatasetRow row = switch (type) {
      case CNN_DAILYMAIL -> textPair(record.path("article"), record.path("highlights"));
      case INFINITY_INSTRUCT -> lastTurnAsCompletion(turns(record));
      default -> firstTwoTurns(turns(record));
    };
    if (row != null) {
      rows.add(row);
    }
  }

  private static List<JsonNode> turns(JsonNode record) throws IOException {
    List<JsonNode> turns = new ArrayList<>();
    for (JsonNode turn : record.path("conversations")) {
      turns.add(turn.isTextual() ? JSON.readTree(turn.asText()) : turn);
    }
    return turns;
  }

  private static DatasetRow textPair(JsonNode prompt, JsonNode completion) {
    return prompt.isTextual() && completion.isTextual() ? new DatasetRow(prompt.asText(), completion.asText()) : null;
  }

  private static DatasetRow firstTwoTurns(List<JsonNode> turns) {
    return turns.size() < 2 ? null : textPair(turns.get(0).path("value"), turns.get(1).path("value"));
  }

  private static DatasetRow lastTurnAsCompletion(List<JsonNode> turns) {
    if (turns.size() < 2 || !"gpt".equals(turns.get(turns.size() - 1).path("from").asText())) {
      return null;
    }
    List<String> earlier = new ArrayList<>();
    for (JsonNode turn : turns.subList(0, turns.size() - 1)) {
      earlier.add(turn.path("value").asText());
    }
    return new DatasetRow(String.join("\n", earlier), turns.get(turns.size() - 1).path("value").asText());
  }
}
