package io.inferenceperf.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.inferenceperf.metrics.FailureLabeler;
import io.inferenceperf.metrics.RequestMetrics;
import io.inferenceperf.metrics.TokenTimeline;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.MediaJson;
import io.inferenceperf.time.NanoClock;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Streams {@code per_request_lifecycle_metrics.json} while the run goes on: a JSON array with one entry per line,
 * appended as records complete, flushed at least every {@code flushIntervalNanos} so that a crash keeps what was
 * measured (such a file only lacks its closing {@code ]}).
 *
 * <p>Entries have inference-perf's keys ({@code start_time, end_time, request, response, info, error}) followed by
 * ours ({@code stage_id, scheduled_time, request_latency, ttft, ...}). Every time is in seconds relative to
 * {@code originNanos}, the run's start reading of the clock (inference-perf writes raw perf_counter readings, whose
 * origin is arbitrary too).
 *
 * <p>Not thread-safe: the recorder thread calls it.
 */
public final class PerRequestFileWriter implements Closeable {

  /** Default flush period: one second. */
  public static final long DEFAULT_FLUSH_INTERVAL_NANOS = 1_000_000_000L;

  private final OutputStream file;
  private final OutputStream out;
  private final JsonGenerator json;
  private final long originNanos;
  private final boolean useServerOutputTokens;
  private final NanoClock clock;
  private final long flushIntervalNanos;
  private long lastFlushNanos;
  private long entries;
  private boolean closed;
  /** A write failed: the file keeps what was flushed before, and nothing more is written to it. */
  private boolean failed;
  /** load.lora_traffic_split's adapters: a record whose model is one of them has it as lora_adapter. */
  private java.util.Set<String> loraAdapters = java.util.Set.of();

  public PerRequestFileWriter(Path file, long originNanos, boolean useServerOutputTokens, NanoClock clock)
      throws IOException {
    this(open(file), originNanos, useServerOutputTokens, clock, DEFAULT_FLUSH_INTERVAL_NANOS);
  }

  private static OutputStream open(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    return Files.newOutputStream(file);
  }

  /** @param out receives the file's bytes; closed by {@link #close()} */
  public PerRequestFileWriter(
      OutputStream out, long originNanos, boolean useServerOutputTokens, NanoClock clock, long flushIntervalNanos)
      throws IOException {
    this.file = out;
    this.out = new BufferedOutputStream(out, 1 << 16);
    this.json = JsonFormat.MAPPER.getFactory().createGenerator(this.out, JsonEncoding.UTF8);
    this.json.setRootValueSeparator(null);
    this.originNanos = originNanos;
    this.useServerOutputTokens = useServerOutputTokens;
    this.clock = clock;
    this.flushIntervalNanos = flushIntervalNanos;
    this.json.writeRaw("[");
    flush();
  }

  /** The run's LoRA adapters (from the results header); call before the first record. */
  public void loraAdapters(java.util.List<String> names) {
    loraAdapters = java.util.Set.copyOf(names);
  }

  /** Appends one record as the next array entry, with an empty extra_info. */
  public void append(RequestRecord record) throws IOException {
    append(record, null);
  }

  /**
   * Appends one record as the next array entry.
   *
   * @param extraInfo the entry's {@code info.extra_info} fields (strings or numbers), or null for none
   */
  public void append(RequestRecord record, Map<String, Object> extraInfo) throws IOException {
    if (closed) {
      throw new IllegalStateException("per-request file already closed");
    }
    if (failed) {
      throw new IOException("the per-request file failed earlier");
    }
    try {
      json.writeRaw(entries == 0 ? "\n" : ",\n");
      writeEntry(record, extraInfo);
      entries++;
      if (clock.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
        flush();
      }
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  public long entries() {
    return entries;
  }

  /** Pushes everything appended so far to the file. */
  public void flush() throws IOException {
    json.flush();
    lastFlushNanos = clock.nanoTime();
  }

  /** Closes the array and the file; after a failed write, only the file (it keeps what was flushed). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed) {
      file.close(); // not through the buffers: flushing them would fail again
      return;
    }
    json.writeRaw(entries == 0 ? "]\n" : "\n]\n");
    json.close();
    out.close();
  }

  /** The extra-info key whose value is written as {@code info.graph_event_id} (session-graph replay). */
  public static final String GRAPH_EVENT_ID = "graph_event_id";
  /** Extra-info keys with this prefix are written into {@code info.labels}, without it. */
  public static final String LABEL_PREFIX = "label.";

  private void writeEntry(RequestRecord record, Map<String, Object> extra) throws IOException {
    TokenTimeline timeline = TokenTimeline.of(record);
    RequestMetrics metrics = RequestMetrics.of(record, timeline, useServerOutputTokens);
    json.writeStartObject();
    json.writeNumberField("start_time", at(RequestMetrics.startNanos(record)));
    json.writeNumberField("end_time", at(RequestMetrics.endNanos(record)));
    json.writeStringField("request", record.requestBody());
    json.writeStringField("response", record.responseBody());
    writeInfo(record, extra);
    writeError(record.failure());
    json.writeNumberField("stage_id", record.stageId());
    json.writeNumberField("seq", record.seq());
    json.writeNumberField("scheduled_time", at(record.intendedStartNanos()));
    json.writeBooleanField("sent", RequestMetrics.wasSent(record));
    json.writeNumberField("request_latency", seconds(metrics.latencyNanos()));
    json.writeNumberField("request_latency_from_intended", seconds(metrics.latencyFromIntendedNanos()));
    writeOptional("ttft", metrics.hasTtft() ? seconds(metrics.ttftNanos()) : Double.NaN);
    writeOptional("time_to_first_content_token", metrics.ttfcNanos() >= 0 ? seconds(metrics.ttfcNanos()) : Double.NaN);
    writeOptional("tpot", metrics.tpotNanos() / 1e9);
    writeOptional("ntpot", record.success() ? metrics.ntpotNanos() / 1e9 : Double.NaN);
    json.writeNumberField("http_status", record.httpStatus());
    json.writeStringField("model", record.model());
    json.writeEndObject();
  }

  private void writeInfo(RequestRecord record, Map<String, Object> extra) throws IOException {
    json.writeObjectFieldStart("info");
    json.writeObjectFieldStart("request_metrics");
    json.writeObjectFieldStart("text");
    json.writeNumberField("input_tokens", record.promptTokens());
    json.writeEndObject();
    MediaJson.writeFields(json, record.media());
    json.writeEndObject();
    json.writeObjectFieldStart("response_metrics");
    json.writeNumberField("output_tokens", record.clientOutputTokens());
    writeServerUsage(record);
    if (record.chunkNanos() != null && record.chunkNanos().length > 0) {
      writeStrings("response_chunks", ResponseChunks.tokenCarrying(record.responseBody()));
      writeTimes("chunk_times", record.chunkNanos());
      writeTimes("output_token_times", TokenTimeline.expand(record));
    }
    json.writeEndObject();
    json.writeObjectFieldStart("extra_info");
    if (extra != null) {
      for (Map.Entry<String, Object> field : extra.entrySet()) {
        if (field.getKey().equals(GRAPH_EVENT_ID) || field.getKey().startsWith(LABEL_PREFIX)) continue;
        json.writeObjectField(field.getKey(), field.getValue());
      }
    }
    json.writeEndObject();
    if (record.model() != null && loraAdapters.contains(record.model())) {
      json.writeStringField("lora_adapter", record.model());
    } else {
      json.writeNullField("lora_adapter");
    }
    Object eventId = extra == null ? null : extra.get(GRAPH_EVENT_ID);
    if (eventId != null) json.writeObjectField("graph_event_id", eventId);
    else json.writeNullField("graph_event_id");
    json.writeObjectFieldStart("labels");
    if (extra != null) {
      for (Map.Entry<String, Object> field : extra.entrySet()) {
        if (field.getKey().startsWith(LABEL_PREFIX)) {
          json.writeObjectField(field.getKey().substring(LABEL_PREFIX.length()), field.getValue());
        }
      }
    }
    json.writeEndObject();
    json.writeNumberField("input_tokens", record.promptTokens());
    json.writeEndObject();
  }

  /** The server's usage as far as the record kept it; null when the server reported nothing. */
  private void writeServerUsage(RequestRecord record) throws IOException {
    boolean prompt = record.promptTokensFromServer();
    boolean completion = record.serverOutputTokens() >= 0;
    boolean cached = record.cachedPromptTokens() >= 0;
    if (!prompt && !completion && !cached) {
      json.writeNullField("server_usage");
      return;
    }
    json.writeObjectFieldStart("server_usage");
    if (prompt) {
      json.writeNumberField("prompt_tokens", record.promptTokens());
    }
    if (completion) {
      json.writeNumberField("completion_tokens", record.serverOutputTokens());
    }
    if (prompt && completion) {
      json.writeNumberField("total_tokens", record.promptTokens() + record.serverOutputTokens());
    }
    if (cached) {
      json.writeObjectFieldStart("prompt_tokens_details");
      json.writeNumberField("cached_tokens", record.cachedPromptTokens());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private void writeError(Failure failure) throws IOException {
    if (failure == null) {
      json.writeNullField("error");
      return;
    }
    json.writeObjectFieldStart("error");
    json.writeStringField("error_type", FailureLabeler.errorType(failure));
    json.writeStringField("error_msg", failure.message());
    json.writeStringField("label", FailureLabeler.label(failure));
    json.writeStringField("kind", failure.kind().name());
    json.writeEndObject();
  }

  private void writeTimes(String key, long[] nanos) throws IOException {
    json.writeArrayFieldStart(key);
    for (long time : nanos) {
      json.writeNumber(at(time));
    }
    json.writeEndArray();
  }

  private void writeStrings(String key, List<String> values) throws IOException {
    json.writeArrayFieldStart(key);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private void writeOptional(String key, double value) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumberField(key, value);
    } else {
      json.writeNullField(key);
    }
  }

  private double at(long nanos) {
    return (nanos - originNanos) / 1e9;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
