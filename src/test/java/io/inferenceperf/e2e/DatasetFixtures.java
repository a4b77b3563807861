package io.inferenceperf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test's own reading of the dataset fixtures in src/test/resources/datasets, from the datasets' published
 * formats, to check what the tool sent against: ShareGPT and billsum_conversations rows are
 * {@code conversations: [{from, value}]} with the first turn as prompt and the second as completion (a turn may be a
 * JSON string); cnn_dailymail rows are {@code article} and {@code highlights}; infinity_instruct rows end with a
 * "gpt" turn, the completion, after the prompt turns.
 */
final class DatasetFixtures {

  record Row(String prompt, String completion) {}

  private DatasetFixtures() {}

  /** The usable rows of a fixture file or folder (files in name order), before any length filter. */
  static List<Row> read(String type, Path path) throws IOException {
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> list = Files.list(path)) {
        files = list.sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      for (JsonNode record : records(file)) {
        Row row = row(type, record);
        if (row != null) rows.add(row);
      }
    }
    return rows;
  }

  private static List<JsonNode> records(Path file) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    if (file.toString().endsWith(".jsonl")) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) records.add(CliRunner.JSON.readTree(line));
      }
    } else {
      CliRunner.JSON.readTree(file.toFile()).forEach(records::add);
    }
    return records;
  }

  private static Row row(String type, JsonNode record) throws IOException {
    if (type.equals("cnn_dailymail")) {
      return new Row(record.get("article").asText(), record.get("highlights").asText());
    }
    List<JsonNode> turns = new ArrayList<>();
    for (JsonNode turn : record.get("conversations")) {
      turns.add(turn.isTextual() ? CliRunner.JSON.readTree(turn.asText()) : turn);
    }
    if (turns.size() < 2) return null;
    if (!type.equals("infinity_instruct")) {
      return new Row(turns.get(0).get("value").asText(), turns.get(1).get("value").asText());
    }
    JsonNode last = turns.get(turns.size() - 1);
    if (!last.get("from").asText().equals("gpt")) return null;
    List<String> prompt = turns.subList(0, turns.size() - 1).stream().map(t -> t.get("value").asText()).toList();
    return new Row(String.join("\n", prompt), last.get("value").asText());
  }
}
