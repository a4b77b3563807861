package io.inferenceperf.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RecordGenerator;
import io.inferenceperf.record.MediaStats;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file: what is written reads back the same, a crash keeps what was flushed, bad files are refused. */
class ResultsFileTest {
  private static final long ORIGIN = RecordGenerator.ORIGIN_NANOS;
  private static final ClientResources.Usage USAGE = new ClientResources.Usage(1.25, 40, 31250.0, 300_000_000L, 2,
      0.001, 0.0005, "ZGC", 2, 1, 0.0015);

  static ResultsHeader header() {
    return new ResultsHeader(ResultsFormat.VERSION, "test", 1_764_000_000_123_456_789L, "load:\n  type: constant\n",
        ReportConfig.defaults(), "run-", new MeasurementSetup("hf:test", true, true),
        new AggregationSettings(List.of(50.0, 99.0), true, 7, Map.of("ttft", 0.5), 1000)
            .withHeaderSlos(Map.of("tpot", 0.025)), 42);
  }

  /** Everything a listener heard, as comparable values. */
  static final class Heard implements ResultsListener {
    ResultsHeader header;
    final List<StageStart> starts = new ArrayList<>();
    final List<RequestRecord> records = new ArrayList<>();
    final List<Map<String, Object>> extras = new ArrayList<>();
    final List<StageEnd> ends = new ArrayList<>();
    JsonNode serverMetrics;
    RunEnd runEnd;

    @Override
    public void header(ResultsHeader h) {
      header = h;
    }

    @Override
    public void stageStarted(StageStart start) {
      starts.add(start);
    }

    @Override
    public void record(RequestRecord record, Map<String, Object> extraInfo) {
      records.add(record);
      extras.add(extraInfo);
    }

    @Override
    public void stageEnded(StageEnd end) {
      ends.add(end);
    }

    @Override
    public void serverMetrics(JsonNode reports) {
      serverMetrics = reports;
    }

    @Override
    public void runEnded(RunEnd end) {
      runEnd = end;
    }
  }

  /** 300 generated records, the last with kernel timestamps, a read lateness and an arrival uncertainty and media. */
  private static List<RequestRecord> records() {
    List<RequestRecord> records =
        new ArrayList<>(new RecordGenerator(11).stage(0, 299, 50.0, ORIGIN + 1_000_000, 2_000_000, 0.2));
    RequestRecord last = records.get(records.size() - 1);
    records.add(new RequestRecord(299, 0, last.intendedStartNanos() + 20_000_000, last.sentNanos() + 20_000_000,
        last.endNanos() + 20_000_000, new long[] {last.sentNanos() + 60_000_000}, new int[] {1}, -1, 40, true, 1, 1,
        -1, 300, 200, null, "m", null, null, RequestRecord.KERNEL_SEND | RequestRecord.KERNEL_ARRIVALS, 1_234_567, 2_345_678,
        new MediaStats(List.of(new MediaStats.Image(3072, 4000, 4.0 / 3)), List.of(new MediaStats.Video(3, 1584,
            9000, 48.0 / 33)), List.of(new MediaStats.Audio(0.2, 6444), new MediaStats.Audio(1.5, 48044)))));
    return records;
  }

  private static void writeRun(ResultsWriter writer, List<RequestRecord> records) {
    writer.header(header());
    writer.stageStarted(new StageStart(0, "poisson", 50.0, 6_000_000_000L, 300, 0, 9, ORIGIN + 1_000_000,
        1_764_000_000_124L));
    for (RequestRecord record : records) {
      writer.record(record, record.seq() % 7 == 0 ? Map.of("user_session", "s-1", "chat_round", 3) : null);
    }
    writer.stageEnded(new StageEnd(0, Status.COMPLETED, ORIGIN + 7_000_000_000L, 1_764_000_007_000L, 300, 0, 2,
        USAGE));
    writer.serverMetrics(new ObjectMapper().createObjectNode().put("anything", "the collector wrote"));
    writer.runEnded(new RunEnd(Status.COMPLETED, USAGE));
  }

  /** A whole run of {@link #records()} written to a results file in {@code dir}. */
  private static Path writtenRun(Path dir) throws IOException {
    Path file = dir.resolve(ResultsFormat.FILE_NAME);
    try (ResultsWriter writer = ResultsWriter.create(file, ORIGIN, () -> ORIGIN)) {
      writeRun(writer, records());
    }
    return file;
  }

  @Test
  void everythingWrittenReadsBackTheSameOnTheFileTimeline(@TempDir Path dir) throws Exception {
    Path file = writtenRun(dir);
    List<RequestRecord> records = records();
    Heard heard = new Heard();
    ResultsReader.Outcome outcome = ResultsReader.replay(file, 0, heard);
    assertTrue(outcome.complete());
    assertEquals(header(), heard.header);
    assertEquals(1_000_000, heard.starts.get(0).startNanos(), "times are since the file's origin");
    assertEquals(records.size(), heard.records.size());
    for (int i = 0; i < records.size(); i++) assertSameRecord(records.get(i), heard.records.get(i), -ORIGIN);
    assertEquals(Map.of("user_session", "s-1", "chat_round", 3), heard.extras.get(0));
    assertEquals(null, heard.extras.get(1));
    assertEquals(new StageEnd(0, Status.COMPLETED, 7_000_000_000L, 1_764_000_007_000L, 300, 0, 2, USAGE),
        heard.ends.get(0));
    assertEquals("the collector wrote", heard.serverMetrics.get("anything").asText());
    assertEquals(new RunEnd(Status.COMPLETED, USAGE), heard.runEnd);
  }

  @Test
  void aShiftMovesEveryTimeOntoAnotherTimeline(@TempDir Path dir) throws Exception {
    Path file = writtenRun(dir);
    List<RequestRecord> records = records();
    Heard heard = new Heard();
    ResultsReader.replay(file, 5_000, heard);
    for (int i = 0; i < records.size(); i++) assertSameRecord(records.get(i), heard.records.get(i), 5_000 - ORIGIN);
    assertEquals(1_005_000, heard.starts.get(0).startNanos());
  }

  @Test
  void aRunCutShortKeepsEveryLineUpToItsLastFlush(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long[] now = {ORIGIN};
    ResultsWriter writer = new ResultsWriter(bytes, ORIGIN, () -> now[0], 1_000_000_000L);
    writer.header(header());
    List<RequestRecord> records = records();
    for (int i = 0; i < 200; i++) {
      if (i == 150) now[0] += 2_000_000_000L; // a second passed: this record's line is flushed with the rest
      writer.record(records.get(i), null);
    }
    // The process dies here: no close, no gzip trailer; 49 lines wait in the compressor's buffer.
    Path file = dir.resolve("cut.jsonl.gz");
    Files.write(file, bytes.toByteArray());
    Heard heard = new Heard();
    ResultsReader.Outcome outcome = ResultsReader.replay(file, 0, heard);
    assertFalse(outcome.complete());
    assertEquals(151, heard.records.size(), "every record up to the last flush");
    assertEquals(152, outcome.lines());
  }

  /**
   * A disk that fills up: the stream writes what fits, as the kernel does, then fails like a full disk
   * (ENOSPC). Injected because a real full disk needs a small file system mounted, which only root can do; the
   * end-to-end test {@code e2e.FullDiskTest} hits a real kernel limit (RLIMIT_FSIZE) instead.
   */
  private static final class FillingDisk extends OutputStream {
    private final OutputStream file;
    private long room;

    FillingDisk(OutputStream file, long capacityBytes) {
      this.file = file;
      this.room = capacityBytes;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int fits = (int) Math.min(len, room);
      file.write(b, off, fits);
      room -= fits;
      if (fits < len) throw new IOException("No space left on device");
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  @Test
  void aFullDiskStopsTheWritingOnceAndKeepsEveryLineFlushedBeforeIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("full.jsonl.gz");
    List<IOException> failures = new ArrayList<>();
    int[] failedAtRecord = {-1};
    List<RequestRecord> records = records();
    try (ResultsWriter writer = new ResultsWriter(new FillingDisk(Files.newOutputStream(file), 12_000), ORIGIN,
        () -> ORIGIN, 0)) { // flushes every line
      writer.onFailure(failures::add);
      writer.header(header());
      for (int i = 0; i < records.size(); i++) {
        writer.record(records.get(i), null);
        if (failedAtRecord[0] < 0 && !failures.isEmpty()) failedAtRecord[0] = i;
      }
      writer.stageEnded(new StageEnd(0, Status.COMPLETED, ORIGIN, 0, 300, 0, 0, USAGE));
      assertEquals("No space left on device", writer.failure().getMessage());
    }
    assertEquals(1, failures.size(), "said once, however many lines came after");
    assertTrue(failedAtRecord[0] > 10 && failedAtRecord[0] < 290, "the disk filled mid-run: " + failedAtRecord[0]);
    assertEquals(12_000, Files.size(file), "everything that fitted is on disk");
    Heard heard = new Heard();
    ResultsReader.Outcome outcome = ResultsReader.replay(file, 0, heard);
    assertFalse(outcome.complete());
    assertEquals(failedAtRecord[0], heard.records.size(), "every record flushed before the failure, none after");
    for (int i = 0; i < heard.records.size(); i++) assertSameRecord(records.get(i), heard.records.get(i), -ORIGIN);
  }

  @Test
  void aHalfWrittenLastLineIsLeftOut(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("half.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      ByteArrayOutputStream complete = new ByteArrayOutputStream();
      try (ResultsWriter writer = new ResultsWriter(complete, ORIGIN, () -> ORIGIN, 0)) {
        writer.header(header());
        writer.record(records().get(0), null);
      }
      out.write(gunzip(complete.toByteArray()));
      out.write("{\"type\":\"request\",\"seq\":1,\"sta".getBytes(StandardCharsets.UTF_8));
    }
    Heard heard = new Heard();
    ResultsReader.Outcome outcome = ResultsReader.replay(file, 0, heard);
    assertEquals(1, heard.records.size());
    assertFalse(outcome.complete());
  }

  @Test
  void filesThatAreNotResultsAreRefusedWithTheFix(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello");
    assertTrue(assertThrows(ResultsReader.ResultsException.class, () -> ResultsReader.header(text)).getMessage()
        .contains("not a gzip-compressed results file"));
    Path json = dir.resolve("other.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(json))) {
      out.write("{\"type\":\"something\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(assertThrows(ResultsReader.ResultsException.class, () -> ResultsReader.header(json)).getMessage()
        .contains("not an inference-perf results file"));
    Path newer = dir.resolve("newer.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(newer))) {
      out.write(("{\"type\":\"header\",\"format\":\"inference-perf-results\",\"version\":" + (ResultsFormat.VERSION + 1)
          + "}\n").getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(assertThrows(ResultsReader.ResultsException.class, () -> ResultsReader.header(newer)).getMessage()
        .contains("newer than this build reads"));
    assertTrue(assertThrows(ResultsReader.ResultsException.class,
        () -> ResultsReader.header(dir.resolve("missing.jsonl.gz"))).getMessage().contains("no such file"));
  }

  @Test
  void theFileIsStandardGzippedJsonLinesThatOtherToolsRead(@TempDir Path dir) throws Exception {
    Path file = writtenRun(dir);
    Process gunzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(true).start();
    String text = new String(gunzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, gunzip.waitFor(), text);
    String[] lines = text.split("\n");
    assertEquals(1 + 1 + 300 + 1 + 1 + 1, lines.length);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) assertTrue(json.readTree(line).has("type"), line);
    JsonNode request = json.readTree(lines[2]);
    assertTrue(request.has("intended_ns") && request.has("request_bytes"), lines[2]);
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static void assertSameRecord(RequestRecord expected, RequestRecord actual, long shift) {
    String at = "seq " + expected.seq();
    assertEquals(expected.seq(), actual.seq(), at);
    assertEquals(expected.stageId(), actual.stageId(), at);
    assertEquals(expected.intendedStartNanos() + shift, actual.intendedStartNanos(), at);
    assertEquals(expected.sentNanos() < 0 ? -1 : expected.sentNanos() + shift, actual.sentNanos(), at);
    assertEquals(expected.endNanos() < 0 ? -1 : expected.endNanos() + shift, actual.endNanos(), at);
    long[] chunks = expected.chunkNanos().clone();
    for (int i = 0; i < chunks.length; i++) chunks[i] += shift;
    assertArrayEquals(chunks, actual.chunkNanos(), at);
    assertArrayEquals(expected.chunkTokens(), actual.chunkTokens(), at);
    assertEquals(expected.firstContentNanos() < 0 ? -1 : expected.firstContentNanos() + shift,
        actual.firstContentNanos(), at);
    assertEquals(expected.promptTokens(), actual.promptTokens(), at);
    assertEquals(expected.promptTokensFromServer(), actual.promptTokensFromServer(), at);
    assertEquals(expected.clientOutputTokens(), actual.clientOutputTokens(), at);
    assertEquals(expected.serverOutputTokens(), actual.serverOutputTokens(), at);
    assertEquals(expected.cachedPromptTokens(), actual.cachedPromptTokens(), at);
    assertEquals(expected.requestBytes(), actual.requestBytes(), at);
    assertEquals(expected.httpStatus(), actual.httpStatus(), at);
    assertEquals(expected.failure(), actual.failure(), at);
    assertEquals(expected.model(), actual.model(), at);
    assertEquals(expected.requestBody(), actual.requestBody(), at);
    assertEquals(expected.responseBody(), actual.responseBody(), at);
    assertEquals(expected.timestampSources(), actual.timestampSources(), at);
    assertEquals(expected.readLatenessNanos(), actual.readLatenessNanos(), at);
    assertEquals(expected.arrivalUncertaintyNanos(), actual.arrivalUncertaintyNanos(), at);
    assertEquals(expected.media(), actual.media(), at);
  }
}
