package io.inferenceperf.data.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.WekaReplayConfig;
import java.io.ByteArrayOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds and checks the trace files of data.weka_trace_replay: a .json file holds one trace, a .jsonl file one per
 * line (the first num_dataset_entries lines). Every trace is parsed once to check it; only where it is
 * ({@link Ref}) is kept, and {@link #read} parses it again when its session is built, so a large corpus is not
 * held in memory.
 */
final class WekaTraceFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Where one trace is.
   *
   * @param file its file
   * @param offset the byte offset of its JSON in the file
   * @param length the bytes of its JSON
   * @param source the file, with ":line N" for a .jsonl file
   * @param id the trace's id
   */
  record Ref(Path file, long offset, int length, String source, String id) {}

  private WekaTraceFiles() {}

  /**
   * The traces the config names, in file order (a folder's files sorted by name).
   *
   * @param skipped told about each trace skipped under skip_invalid_files
   * @throws ReplayFormatException naming the key, file, line and field of the first problem
   */
  static List<Ref> find(WekaReplayConfig config, Consumer<String> skipped) {
    List<Ref> refs = new ArrayList<>();
    for (Path file : files(config)) {
      scan(file, config, refs, skipped);
    }
    if (refs.isEmpty()) {
      throw new ReplayFormatException("data.weka_trace_replay: no trace could be read from " + describe(config)
          + (config.skipInvalidFiles() ? " (every one was invalid and skipped; see the log)" : ""));
    }
    Map<String, String> seen = new HashMap<>();
    for (Ref ref : refs) {
      String first = seen.putIfAbsent(ref.id(), ref.source());
      if (first != null) {
        throw new ReplayFormatException(ref.source() + ": trace id '" + ref.id() + "' is also the id of the trace in "
            + first + "; trace ids must be unique");
      }
    }
    return refs;
  }

  /** The trace {@code ref} points at, parsed. */
  static WekaTrace read(Ref ref, int defaultBlockSize) {
    try (RandomAccessFile file = new RandomAccessFile(ref.file().toFile(), "r")) {
      byte[] bytes = new byte[ref.length()];
      file.seek(ref.offset());
      file.readFully(bytes);
      return WekaTraceParser.parse(JSON.readTree(bytes), ref.source(), defaultBlockSize);
    } catch (IOException e) {
      throw new ReplayFormatException(ref.source() + ": cannot read the trace again (" + e.getMessage() + ")");
    }
  }

  private static List<Path> files(WekaReplayConfig config) {
    if (config.traceDirectory() != null) {
      Path dir = Path.of(config.traceDirectory());
      if (!Files.isDirectory(dir)) {
        throw new ReplayFormatException("data.weka_trace_replay.trace_directory: " + dir + (Files.exists(dir)
            ? " is a file; name a folder of .json/.jsonl traces or use trace_files" : " does not exist"));
      }
      try (Stream<Path> list = Files.list(dir)) {
        List<Path> files = list.filter(p -> isTraceFile(p) && Files.isRegularFile(p)).sorted().toList();
        if (files.isEmpty()) {
          throw new ReplayFormatException("data.weka_trace_replay.trace_directory: " + dir
              + " holds no .json or .jsonl file");
        }
        return files;
      } catch (IOException e) {
        throw new ReplayFormatException("data.weka_trace_replay.trace_directory: cannot list " + dir + " ("
            + e.getMessage() + ")");
      }
    }
    List<Path> files = new ArrayList<>();
    for (String name : config.traceFiles()) {
      Path file = Path.of(name);
      if (!Files.isRegularFile(file)) {
        throw new ReplayFormatException("data.weka_trace_replay.trace_files: " + name
            + (Files.isDirectory(file) ? " is a folder; use trace_directory for folders" : " does not exist"));
      }
      files.add(file);
    }
    return files;
  }

  private static boolean isTraceFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") || name.endsWith(".jsonl");
  }

  private static void scan(Path file, WekaReplayConfig config, List<Ref> refs, Consumer<String> skipped) {
    boolean lines = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (!lines) {
        byte[] all = in.readAllBytes();
        check(file, 0, all, file.toString(), config, refs, skipped);
        return;
      }
      long offset = 0;
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int number = 1; number <= config.numDatasetEntries(); number++) {
        int next = readLine(in, line);
        if (next < 0 && line.size() == 0) break;
        byte[] bytes = line.toByteArray();
        if (!new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
          check(file, offset, bytes, file + ":" + number, config, refs, skipped);
        }
        offset += bytes.length + (next < 0 ? 0 : 1);
        line.reset();
        if (next < 0) break;
      }
    } catch (IOException e) {
      throw new ReplayFormatException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Reads up to a newline (not included) into {@code line}; -1 at the end of the stream. */
  private static int readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') return b;
      line.write(b);
    }
    return -1;
  }

  private static void check(Path file, long offset, byte[] bytes, String source, WekaReplayConfig config,
      List<Ref> refs, Consumer<String> skipped) {
    try {
      WekaTrace trace = WekaTraceParser.parse(parseJson(bytes, source), source, config.defaultBlockSize());
      refs.add(new Ref(file, offset, bytes.length, source, trace.id()));
    } catch (ReplayFormatException e) {
      if (!config.skipInvalidFiles()) {
        throw new ReplayFormatException(e.getMessage() + " (or set data.weka_trace_replay.skip_invalid_files: true"
            + " to skip such traces)");
      }
      skipped.accept(e.getMessage());
    }
  }

  private static JsonNode parseJson(byte[] bytes, String source) {
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      throw new ReplayFormatException(source + ": is empty; expected a trace (a JSON object)");
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ReplayFormatException(source + ": not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(WekaReplayConfig config) {
    return config.traceDirectory() != null ? "trace_directory " + config.traceDirectory()
        : "trace_files " + config.traceFiles();
  }
}
