package io.inferenceperf.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.data.parquet.ParquetException;
import io.inferenceperf.data.parquet.ParquetFile;
import io.inferenceperf.tokenizer.TokenizerFileProblems;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads VisionArena-Chat records from data.path (a .json array or object, a .jsonl file, a Parquet file with the
 * Hub's columns, or a folder of them in name order) or from the files hf_data_files matched, streaming, until num_rows usable ones are kept (see {@link VisionArenaRows}); the images are the
 * heavy part, so reading stops there. A file that cannot be read at all is a {@link DatasetFileException} naming
 * it, where in it and the fix.
 */
final class VisionArenaFiles {

  static final String EXPECTED = "records {\"conversation\": [[{\"role\": \"user\", \"content\": \"...\"}]],"
      + " \"images\": [{\"bytes\": \"<base64 JPEG, PNG or WEBP>\"}]} in a .jsonl file (one a line) or a .json"
      + " array, or Parquet files with the columns conversation and images (as the Hub stores VisionArena-Chat)";

  /** The only Parquet columns read: the images are large, other columns are not needed. */
  private static final java.util.Set<String> PARQUET_COLUMNS = java.util.Set.of("conversation", "images");

  /** A base64 image fits in one JSON string (Jackson's default limit is 20 M characters). */
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4 * VisionArenaRows.MAX_IMAGE_BYTES / 3
          + 1024).build()).build());

  /** The entries kept, records read, images skipped, and the first record left out with why (or null). */
  record Read(List<VisionArenaRows.Entry> entries, int records, int skippedImages, String firstRejection) {}

  private final int wanted;
  private final int maxImages;
  private final List<VisionArenaRows.Entry> entries = new ArrayList<>();
  private int records;
  private int skippedImages;
  private String firstRejection;

  private VisionArenaFiles(int wanted, int maxImages) {
    this.wanted = wanted;
    this.maxImages = maxImages;
  }

  static Read read(Path path, int wanted, int maxImages) throws IOException {
    if (!Files.exists(path)) {
      throw new DatasetFileException(path + " does not exist; set data.path to a visionarena .jsonl/.json/.parquet"
          + " file or a folder of them, or remove it to read data.visionarena.hf_dataset_name from the Hugging Face"
          + " Hub");
    }
    List<Path> files = files(path);
    if (files.isEmpty()) {
      throw new DatasetFileException("the folder " + path + " holds no .json, .jsonl or .parquet file; expected "
          + EXPECTED);
    }
    return read(files, wanted, maxImages);
  }

  /** Reads {@code files} in order until {@code wanted} usable entries are kept. */
  static Read read(List<Path> files, int wanted, int maxImages) throws IOException {
    VisionArenaFiles reader = new VisionArenaFiles(wanted, maxImages);
    for (Path file : files) {
      if (reader.full()) break;
      reader.readFile(file);
    }
    return new Read(List.copyOf(reader.entries), reader.records, reader.skippedImages, reader.firstRejection);
  }

  private static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) return List.of(path);
    try (Stream<Path> children = Files.list(path)) {
      return children.filter(VisionArenaFiles::readable).sorted().toList();
    }
  }

  /** Whether a file name is one of the formats read. */
  static boolean readable(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".parquet");
  }

  private boolean full() {
    return entries.size() >= wanted;
  }

  private void readFile(Path file) throws IOException {
    if (Files.size(file) == 0) {
      throw new DatasetFileException(file + " is empty; expected " + EXPECTED);
    }
    if (file.getFileName().toString().endsWith(".parquet")) {
      readParquet(file);
    } else if (file.getFileName().toString().endsWith(".jsonl")) {
      readJsonLines(file);
    } else {
      readJson(file);
    }
  }

  /** Row by row, one row group at a time, only the conversation and images columns. */
  private void readParquet(Path file) throws IOException {
    try (ParquetFile parquet = ParquetFile.open(file)) {
      if (!parquet.columns().contains("conversation") || !parquet.columns().contains("images")) {
        throw new DatasetFileException(file + " has the Parquet columns " + parquet.columns() + ", not conversation"
            + " and images; expected " + EXPECTED);
      }
      ParquetFile.Rows rows = parquet.rows(PARQUET_COLUMNS);
      Map<String, Object> row;
      long index = 0;
      while (!full() && (row = rows.next()) != null) {
        add(ParquetJson.tree(row), file, "row " + index++);
      }
    } catch (ParquetException e) {
      throw new DatasetFileException(e.getMessage() + "; expected " + EXPECTED);
    }
  }

  private void readJsonLines(Path file) throws IOException {
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (!full() && (line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) continue;
        try {
          add(JSON.readTree(line), file, "line " + lineNumber);
        } catch (JsonProcessingException e) {
          String where = TokenizerFileProblems.endOfInput(e) ? "line " + lineNumber + " ends in the middle of a"
              + " record (cut short?)" : "line " + lineNumber + ", column " + e.getLocation().getColumnNr()
              + ": not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
          throw new DatasetFileException(file + " " + where + "; expected " + EXPECTED);
        }
      }
    } catch (CharacterCodingException e) {
      throw new DatasetFileException(file + " is not UTF-8 text (line " + (lineNumber + 1) + "); expected "
          + EXPECTED);
    }
  }

  private void readJson(Path file) throws IOException {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        add(JSON.readTree(parser), file, "line 1");
      } else if (first == JsonToken.START_ARRAY) {
        JsonToken token;
        while (!full() && (token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
          int line = parser.currentTokenLocation().getLineNr();
          add(JSON.readTree(parser), file, "line " + line);
        }
      } else {
        throw new DatasetFileException(file + " does not hold a JSON array or object at the top; expected "
            + EXPECTED);
      }
    } catch (JsonProcessingException e) {
      throw new DatasetFileException(file + " line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": not JSON or cut short (" + e.getOriginalMessage().lines().findFirst()
          .orElse("") + "); expected " + EXPECTED);
    }
  }

  private void add(JsonNode record, Path file, String where) {
    records++;
    VisionArenaRows.Parsed parsed = VisionArenaRows.parse(record, maxImages, file.toAbsolutePath().getParent());
    skippedImages += parsed.skippedImages().size();
    if (parsed.entry() != null) {
      entries.add(parsed.entry());
    } else if (firstRejection == null) {
      firstRejection = file + " " + where + " (record " + records + ") " + parsed.rejection();
    }
  }
}
