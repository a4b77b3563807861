package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.common.RecordFilter;
import io.inferenceperf.config.OtelTraceReplayConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the trace records of data.otel_trace_replay (trace_directory, trace_files or the rows of hf_dataset_path),
 * checks that each is a JSON object, adds the fields inference-perf adds to a local file before filtering
 * (session_id, source_id, harness, benchmark, models, max_tokens, total_tokens) and keeps the records the filter
 * keeps. Only where each record is stays in memory.
 */
final class OtelTraceSources {
  private static final Logger LOG = LoggerFactory.getLogger(OtelTraceSources.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "data.otel_trace_replay";

  /**
   * Where one trace record is: a whole file ({@code length} -1) or a line of a JSONL file.
   *
   * @param sessionId the record's session_id (else its trace_id, else the file name without .json)
   * @param source the file, or the dataset and row, for messages and the per-session report
   */
  record Record(String sessionId, String source, Path file, long offset, int length) {
    byte[] read() throws IOException {
      if (length < 0) return Files.readAllBytes(file);
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        byte[] bytes = new byte[length];
        in.seek(offset);
        in.readFully(bytes);
        return bytes;
      }
    }
  }

  private OtelTraceSources() {}

  static List<Record> read(OtelTraceReplayConfig config, Path hubRows) {
    RecordFilter filter;
    try {
      filter = config.filter() == null ? null : RecordFilter.parse(config.filter());
    } catch (RecordFilter.SyntaxException e) {
      throw new ReplayFormatException(KEY + ".filter: " + e.getMessage());
    }
    List<Record> kept = new ArrayList<>();
    int[] seen = {0};
    if (config.hfDataset() != null) {
      if (hubRows == null) throw new ReplayFormatException(KEY + ".hf_dataset_path: its rows were not fetched");
      readRows(hubRows, config, filter, kept, seen);
    } else {
      for (Path file : files(config)) {
        JsonNode root = parse(file, config.skipInvalidFiles());
        if (root == null) continue;
        seen[0]++;
        ObjectNode record = normalized((ObjectNode) root, stem(file), file.toString());
        if (keeps(filter, record, file.toString())) {
          kept.add(new Record(record.get("session_id").asText(), file.toString(), file, 0, -1));
        }
      }
    }
    if (seen[0] == 0) throw new ReplayFormatException(KEY + ": no trace could be read (see the warnings above)");
    if (kept.isEmpty()) {
      throw new ReplayFormatException(KEY + ".filter: keeps none of the " + seen[0] + " traces; widen it");
    }
    if (filter != null) LOG.info("{}.filter kept {} of {} traces", KEY, kept.size(), seen[0]);
    return kept;
  }

  // ---- local files ---------------------------------------------------------------------------------------------

  /** The trace files, sorted; a missing file or folder, or no match at all, is an error. */
  static List<Path> files(OtelTraceReplayConfig config) {
    if (config.traceDirectory() != null) {
      Path dir = Path.of(config.traceDirectory());
      if (!Files.isDirectory(dir)) {
        throw new ReplayFormatException(KEY + ".trace_directory: " + dir + (Files.exists(dir) ? " is not a folder"
            : " does not exist"));
      }
      List<Path> files = list(dir, false, p -> p.getFileName().toString().endsWith(".json"));
      if (files.isEmpty()) throw new ReplayFormatException(KEY + ".trace_directory: " + dir + " has no .json file");
      return files;
    }
    Set<Path> found = new TreeSet<>();
    for (String pattern : config.traceFiles()) {
      if (!isGlob(pattern)) {
        Path file = Path.of(pattern);
        if (!Files.isRegularFile(file)) {
          throw new ReplayFormatException(KEY + ".trace_files: " + pattern + " does not exist");
        }
        found.add(file);
      } else {
        found.addAll(glob(pattern));
      }
    }
    if (found.isEmpty()) {
      throw new ReplayFormatException(KEY + ".trace_files: no file matches " + config.traceFiles());
    }
    for (Path file : found) {
      if (!file.getFileName().toString().endsWith(".json")) {
        throw new ReplayFormatException(KEY + ".trace_files: " + file + " is not a .json file");
      }
    }
    return List.copyOf(found);
  }

  private static boolean isGlob(String pattern) {
    return pattern.contains("*") || pattern.contains("?") || pattern.contains("[");
  }

  /** Files matching a glob; {@code **} matches any folders, none included (as Python's recursive glob). */
  private static List<Path> glob(String pattern) {
    String normalized = pattern.replace('\\', '/');
    int firstWild = firstWildcard(normalized);
    int cut = normalized.lastIndexOf('/', firstWild);
    Path base = cut < 0 ? Path.of("") : Path.of(normalized.substring(0, cut + 1));
    String relative = normalized.substring(cut + 1);
    Set<String> variants = new LinkedHashSet<>(List.of(relative));
    variants.add(relative.replace("**/", "")); // ** may stand for no folder at all
    List<PathMatcher> matchers = variants.stream()
        .map(v -> FileSystems.getDefault().getPathMatcher("glob:" + v)).toList();
    if (!Files.isDirectory(base.toString().isEmpty() ? Path.of(".") : base)) return List.of();
    Path root = base.toString().isEmpty() ? Path.of(".") : base;
    return list(root, relative.contains("**") || relative.contains("/"), file -> {
      Path rel = root.relativize(file);
      return matchers.stream().anyMatch(m -> m.matches(rel));
    }).stream().map(p -> base.toString().isEmpty() ? Path.of(".").relativize(p) : p).toList();
  }

  private static int firstWildcard(String pattern) {
    int at = pattern.length();
    for (char c : new char[] {'*', '?', '['}) {
      int i = pattern.indexOf(c);
      if (i >= 0) at = Math.min(at, i);
    }
    return at;
  }

  private static List<Path> list(Path dir, boolean recursive, java.util.function.Predicate<Path> keep) {
    try (Stream<Path> paths = recursive ? Files.walk(dir) : Files.list(dir)) {
      return paths.filter(Files::isRegularFile).filter(keep).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ReplayFormatException(KEY + ": cannot list " + dir + " (" + e.getMessage() + ")");
    }
  }

  /** The file's JSON object, or null (logged) when it is not one and invalid files are skipped. */
  private static JsonNode parse(Path file, boolean skipInvalid) {
    String problem;
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root != null && root.isObject()) return root;
      problem = "is not a JSON object (an OTel trace file is {\"trace_id\": ..., \"spans\": [...]})";
    } catch (IOException e) {
      problem = "is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }
    if (!skipInvalid) {
      throw new ReplayFormatException(KEY + ": " + file + " " + problem + "; fix or remove it, or set " + KEY
          + ".skip_invalid_files: true");
    }
    LOG.warn("{}: skipping {}: it {}", KEY, file, problem);
    return null;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }

  // ---- Hugging Face rows ---------------------------------------------------------------------------------------

  /** Each line of the JSONL file is one row; its byte range is kept. */
  private static void readRows(Path rows, OtelTraceReplayConfig config, RecordFilter filter, List<Record> kept,
      int[] seen) {
    String dataset = config.hfDataset().path();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(rows))) {
      long offset = 0;
      int rowNumber = 0;
      for (byte[] line = line(in); line != null; line = line(in)) {
        int length = line.length;
        long start = offset;
        offset += length + 1;
        if (new String(line, StandardCharsets.UTF_8).isBlank()) continue;
        String where = dataset + " row " + rowNumber++;
        JsonNode row = parseRow(line, where, config.skipInvalidFiles());
        if (row == null) continue;
        seen[0]++;
        String fallbackId = "session_" + (rowNumber - 1);
        String source = row.path("source_id").isTextual() ? row.get("source_id").asText() : where;
        ObjectNode record = (ObjectNode) row;
        if (!record.path("session_id").isTextual() || record.get("session_id").asText().isEmpty()) {
          record.put("session_id", fallbackId);
        }
        if (keeps(filter, record, where)) {
          kept.add(new Record(record.get("session_id").asText(), source, rows, start, length));
        }
      }
    } catch (IOException e) {
      throw new ReplayFormatException(KEY + ".hf_dataset_path: cannot read the rows in " + rows + " ("
          + e.getMessage() + ")");
    }
  }

  private static JsonNode parseRow(byte[] line, String where, boolean skipInvalid) {
    try {
      JsonNode row = JSON.readTree(line);
      if (row != null && row.isObject() && row.has("spans")) return row;
    } catch (IOException e) {
      // reported below
    }
    if (!skipInvalid) {
      throw new ReplayFormatException(KEY + ".hf_dataset_path: " + where + " is not a trace row (a JSON object with"
          + " 'spans'); set " + KEY + ".skip_invalid_files: true to skip such rows");
    }
    LOG.warn("{}.hf_dataset_path: skipping {}: not a trace row with 'spans'", KEY, where);
    return null;
  }

  /** The next line's bytes without its newline, or null at the end. */
  private static byte[] line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b = in.read();
    if (b < 0) return null;
    while (b >= 0 && b != '\n') {
      out.write(b);
      b = in.read();
    }
    return out.toByteArray();
  }

  // ---- records and the filter ----------------------------------------------------------------------------------

  /** A local trace with the fields a Hugging Face trace row has, for the filter (inference-perf adds the same). */
  static ObjectNode normalized(ObjectNode trace, String stem, String path) {
    ObjectNode record = trace.deepCopy();
    if (!record.has("session_id")) {
      JsonNode traceId = record.get("trace_id");
      record.put("session_id", traceId != null && traceId.isTextual() && !traceId.asText().isEmpty()
          ? traceId.asText() : stem);
    }
    record.put("source_id", path);
    if (!record.has("harness")) record.put("harness", "unknown");
    if (!record.has("benchmark")) record.put("benchmark", "unknown");
    JsonNode spans = record.path("spans");
    if (!record.has("models")) {
      Set<String> models = new LinkedHashSet<>();
      spans.forEach(s -> {
        JsonNode model = s.path("attributes").get("gen_ai.request.model");
        if (model != null && model.isTextual() && !model.asText().isEmpty()) models.add(model.asText());
      });
      models.forEach(record.putArray("models")::add);
    }
    long max = 0;
    long total = 0;
    for (JsonNode span : spans) {
      long tokens = span.path("attributes").path("gen_ai.usage.input_tokens").asLong(0)
          + span.path("attributes").path("gen_ai.usage.output_tokens").asLong(0);
      max = Math.max(max, tokens);
      total += tokens;
    }
    if (!record.has("max_tokens")) record.put("max_tokens", max);
    if (!record.has("total_tokens")) record.put("total_tokens", total);
    return record;
  }

  private static boolean keeps(RecordFilter filter, JsonNode record, String where) {
    if (filter == null) return true;
    try {
      return filter.test(JSON.convertValue(record, Object.class));
    } catch (RecordFilter.EvaluationException e) {
      throw new ReplayFormatException(KEY + ".filter: fails on " + where + ": " + e.getMessage() + "; use"
          + " x.get('key', default) for keys some records lack");
    }
  }
}
