package io.inferenceperf.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.tokenizer.TokenizerFileProblems;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads local dataset files (data.path): a .json file (an array of records, or one record), a .jsonl file (one
 * record per line), or a folder of them (in name order). Records are streamed, and only the prompt and completion
 * strings are kept, so large files such as ShareGPT fit in memory. Records without the type's columns are left out
 * (see {@link DatasetShape}), as inference-perf leaves them out; a file that is missing, empty, cut short or not
 * JSON stops the run with a {@link DatasetFileException} naming the file, the line and the fix.
 */
final class DatasetFiles {
  /** The rows read, how many records there were, and why the first left-out record was left out (or null). */
  record Read(List<DatasetRow> rows, int records, String firstRejection) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataType type;
  private final List<DatasetRow> rows = new ArrayList<>();
  private int records;
  private String firstRejection;

  private DatasetFiles(DataType type) {
    this.type = type;
  }

  static Read read(Path path, DataType type) throws IOException {
    if (!Files.exists(path)) {
      throw new DatasetFileException(path + " does not exist; set data.path to a " + type.yamlName
          + " .json/.jsonl file or a folder of them");
    }
    List<Path> files = files(path);
    if (files.isEmpty()) {
      throw new DatasetFileException("the folder " + path + " holds no .json or .jsonl file; put the "
          + type.yamlName + " files there or set data.path to one file");
    }
    DatasetFiles reader = new DatasetFiles(type);
    for (Path file : files) {
      reader.readFile(file);
    }
    return new Read(List.copyOf(reader.rows), reader.records, reader.firstRejection);
  }

  /** How a file of this type must look, for messages. */
  static String expectedFormat(DataType type) {
    return "a .json file holding a JSON array of " + DatasetShape.expected(type) + ", or a .jsonl file with one"
        + " record per line";
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

  private void readFile(Path file) throws IOException {
    if (Files.size(file) == 0) {
      throw new DatasetFileException(file + " is empty; expected " + expectedFormat(type)
          + ". Download it again or point data.path at the full file");
    }
    if (file.getFileName().toString().endsWith(".jsonl")) {
      readJsonLines(file);
    } else {
      readJson(file);
    }
  }

  private void readJsonLines(Path file) throws IOException {
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) continue;
        JsonNode record;
        try {
          record = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          if (TokenizerFileProblems.endOfInput(e)) {
            throw cutShort(file, "line " + lineNumber + " (record " + (records + 1) + ")");
          }
          throw notJson(file, "line " + lineNumber + ", column " + e.getLocation().getColumnNr(), e);
        }
        add(record, file, "line " + lineNumber);
      }
    } catch (CharacterCodingException e) {
      throw new DatasetFileException(file + " is not UTF-8 text (line " + (lineNumber + 1) + "); expected "
          + expectedFormat(type));
    }
  }

  private void readJson(Path file) throws IOException {
    int recordsBefore = records;
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        add(JSON.readTree(parser), file, "line 1");
        if (parser.nextToken() != null) {
          throw new DatasetFileException(file + " holds more than one JSON value at the top (line "
              + parser.currentTokenLocation().getLineNr() + "): if it has one record per line, name it .jsonl;"
              + " else make it a JSON array of records");
        }
      } else if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          JsonLocation at = parser.currentTokenLocation();
          add(JSON.readTree(parser), file, "line " + at.getLineNr());
        }
      } else if (first == null) {
        throw new DatasetFileException(file + " holds only white space; expected " + expectedFormat(type));
      } else {
        throw new DatasetFileException(file + " holds " + DatasetShape.kind(JSON.readTree(parser))
            + " at the top, not a list of records; expected " + expectedFormat(type));
      }
    } catch (JsonProcessingException e) {
      if (TokenizerFileProblems.endOfInput(e)) {
        throw cutShort(file, "record " + (records - recordsBefore + 1) + " (line " + e.getLocation().getLineNr()
            + ")");
      }
      throw notJson(file, "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }
  }

  private void add(JsonNode record, Path file, String where) {
    records++;
    DatasetShape.Parsed parsed = DatasetShape.parse(record, type, DatasetFiles::jsonOrNull);
    if (parsed.row() != null) {
      rows.add(parsed.row());
    } else if (firstRejection == null) {
      firstRejection = file + " " + where + " (record " + records + ") " + parsed.rejection();
    }
  }

  private static JsonNode jsonOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private DatasetFileException cutShort(Path file, String where) {
    return new DatasetFileException(file + " ends in the middle of " + where + ": the file is cut short (an"
        + " interrupted download or copy?); download it again or point data.path at the full file");
  }

  private DatasetFileException notJson(Path file, String where, JsonProcessingException e) {
    return new DatasetFileException(file + " " + where + ": not JSON (" + e.getOriginalMessage().lines().findFirst()
        .orElse("") + "); expected " + expectedFormat(type));
  }
}
