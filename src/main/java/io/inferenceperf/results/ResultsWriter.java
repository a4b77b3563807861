package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.time.NanoClock;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a run's results into a gzip-compressed JSON Lines file as they happen. The compressed stream is flushed
 * (a full deflate flush) at least every {@code flushIntervalNanos}, so a crash keeps every line up to the last flush:
 * such a file lacks only the gzip trailer and its last lines, and {@link ResultsReader} reads what it has.
 *
 * <p>Every time is written in nanoseconds since {@code originNanos}, the run's origin on the monotonic clock; the
 * header gives that origin on the wall clock.
 *
 * <p>Not thread-safe: the recorder thread writes it. The first I/O error is kept ({@link #failure()}) and ends the
 * writing; the run goes on measuring without the file.
 */
public final class ResultsWriter implements ResultsListener, Closeable {

  /** Default flush period: one second. */
  public static final long DEFAULT_FLUSH_INTERVAL_NANOS = 1_000_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream file;
  private final JsonGenerator json;
  private final long originNanos;
  private final NanoClock clock;
  private final long flushIntervalNanos;
  private long lastFlushNanos;
  private IOException failure;
  private java.util.function.Consumer<IOException> onFailure = e -> { };
  private boolean closed;

  /** Creates (or replaces) {@code path}. */
  public static ResultsWriter create(Path path, long originNanos, NanoClock clock) throws IOException {
    Path folder = path.toAbsolutePath().getParent();
    if (folder != null) Files.createDirectories(folder);
    return new ResultsWriter(Files.newOutputStream(path), originNanos, clock, DEFAULT_FLUSH_INTERVAL_NANOS);
  }

  /** @param out receives the compressed bytes; closed by {@link #close} */
  public ResultsWriter(OutputStream out, long originNanos, NanoClock clock, long flushIntervalNanos)
      throws IOException {
    this.file = new FastGzip(new BufferedOutputStream(out, 1 << 16));
    this.json = JSON.getFactory().createGenerator(file, JsonEncoding.UTF8);
    this.json.setRootValueSeparator(null);
    this.originNanos = originNanos;
    this.clock = clock;
    this.flushIntervalNanos = flushIntervalNanos;
    this.lastFlushNanos = clock.nanoTime();
  }

  /**
   * Called once, on the writing thread, with the first write error (a full disk, a file size limit): the run stops
   * sending then, since what it measured next could not be kept.
   */
  public void onFailure(java.util.function.Consumer<IOException> listener) {
    this.onFailure = listener;
  }

  /** The first write error, or null: after one, nothing more is written. */
  public IOException failure() {
    return failure;
  }

  @Override
  public void header(ResultsHeader header) {
    line(() -> ResultsJson.writeHeader(json, header));
    flush();
  }

  @Override
  public void stageStarted(StageStart start) {
    line(() -> ResultsJson.writeStageStart(json, start, originNanos));
  }

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    line(() -> RecordJson.write(json, record, extraInfo, originNanos));
    if (clock.nanoTime() - lastFlushNanos >= flushIntervalNanos) flush();
  }

  @Override
  public void sessionStage(SessionStagePlan plan) {
    line(() -> SessionJson.writeStagePlan(json, plan));
  }

  @Override
  public void session(SessionRecord session) {
    line(() -> SessionJson.write(json, session, originNanos));
  }

  @Override
  public void stageEnded(StageEnd end) {
    line(() -> ResultsJson.writeStageEnd(json, end, originNanos));
    flush();
  }

  @Override
  public void breakerOpened(BreakerTrip trip) {
    line(() -> ResultsJson.writeBreakerTrip(json, trip, originNanos));
    flush();
  }

  @Override
  public void serverMetrics(JsonNode reports) {
    line(() -> {
      json.writeStartObject();
      json.writeStringField("type", ResultsFormat.SERVER_METRICS);
      json.writeFieldName("reports");
      json.writeTree(reports);
      json.writeEndObject();
    });
    flush();
  }

  @Override
  public void runEnded(RunEnd end) {
    line(() -> ResultsJson.writeRunEnd(json, end));
    flush();
  }

  /** Pushes every line so far through the compressor to the file. */
  public void flush() {
    if (failure != null || closed) return;
    try {
      json.flush();
    } catch (IOException e) {
      fail(e);
    }
    lastFlushNanos = clock.nanoTime();
  }

  /**
   * Ends the compressed stream (its trailer marks the file complete) and closes the file. Never throws: a write error
   * is kept in {@link #failure()}, for the caller to report; the run's measurements do not depend on this file.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      json.close();
      file.close();
    } catch (IOException e) {
      if (failure == null) failure = e;
    }
  }

  /**
   * gzip at deflate's fastest level: at the default level compression was about 4% of the client's CPU under load
   * (the longest-match search); the fastest level keeps most of the size gain for a fraction of the cost.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16, true);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private interface Writing {
    void write() throws IOException;
  }

  private void line(Writing writing) {
    if (failure != null || closed) return;
    try {
      writing.write();
      json.writeRaw('\n');
    } catch (IOException e) {
      fail(e);
    } catch (UncheckedIOException e) {
      fail(e.getCause());
    }
  }

  private void fail(IOException e) {
    if (failure != null) return;
    failure = e;
    onFailure.accept(e);
  }
}
