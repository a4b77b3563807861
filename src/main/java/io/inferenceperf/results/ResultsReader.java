package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a results file and replays it to a {@link ResultsListener}, every time moved by a shift (to put several
 * files on one timeline). A file whose run was cut short (no gzip trailer, a half-written last line) is read up to
 * its last complete line, and {@link Outcome#complete()} says so.
 */
public final class ResultsReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultsReader() {}

  /** A results file that cannot be used, with what is wrong and how to fix it. */
  public static final class ResultsException extends Exception {
    public ResultsException(String message) {
      super(message);
    }
  }

  /**
   * How reading went.
   *
   * @param lines the complete lines read
   * @param complete whether the file ended as a finished run's does (its run_end line and the gzip trailer)
   */
  public record Outcome(long lines, boolean complete) {}

  /** Only the header line of {@code file}. */
  public static ResultsHeader header(Path file) throws ResultsException {
    try (InputStream in = open(file); MappingIterator<JsonNode> lines = lines(in)) {
      if (!lines.hasNextValue()) throw new ResultsException(file + ": empty results file");
      return header(file, lines.nextValue());
    } catch (IOException | UncheckedIOException e) {
      throw unreadable(file, e);
    }
  }

  /** Replays every line of {@code file} to {@code listener}, times moved by {@code shiftNanos}. */
  public static Outcome replay(Path file, long shiftNanos, ResultsListener listener) throws ResultsException {
    long count = 0;
    boolean ended = false;
    try (InputStream in = open(file); MappingIterator<JsonNode> lines = lines(in)) {
      while (true) {
        JsonNode line;
        try {
          if (!lines.hasNextValue()) break;
          line = lines.nextValue();
        } catch (IOException | UncheckedIOException truncated) {
          if (count == 0) throw truncated;
          return new Outcome(count, false); // the run was cut short mid-line
        }
        if (count == 0) {
          listener.header(header(file, line));
        } else {
          ended |= dispatch(line, shiftNanos, listener);
        }
        count++;
      }
    } catch (IOException | UncheckedIOException e) {
      if (count == 0) throw unreadable(file, e);
      return new Outcome(count, false); // no gzip trailer: the process ended before closing the file
    }
    return new Outcome(count, ended);
  }

  private static boolean dispatch(JsonNode line, long shiftNanos, ResultsListener listener) {
    switch (line.path("type").asText()) {
      case ResultsFormat.REQUEST -> listener.record(RecordJson.read(line, shiftNanos), RecordJson.extraInfo(line));
      case ResultsFormat.STAGE_START -> listener.stageStarted(ResultsJson.readStageStart(line).shifted(shiftNanos));
      case ResultsFormat.STAGE_END -> listener.stageEnded(ResultsJson.readStageEnd(line).shifted(shiftNanos));
      case ResultsFormat.SESSION_STAGE -> listener.sessionStage(SessionJson.readStagePlan(line));
      case ResultsFormat.SESSION -> listener.session(SessionJson.read(line, shiftNanos));
      case ResultsFormat.SERVER_METRICS -> listener.serverMetrics(line.get("reports"));
      case ResultsFormat.CIRCUIT_BREAKER -> listener.breakerOpened(ResultsJson.readBreakerTrip(line).shifted(shiftNanos));
      case ResultsFormat.RUN_END -> {
        listener.runEnded(ResultsJson.readRunEnd(line));
        return true;
      }
      default -> { } // a line type of a later minor addition: not needed for the reports this build makes
    }
    return false;
  }

  private static ResultsHeader header(Path file, JsonNode line) throws ResultsException {
    if (!ResultsFormat.HEADER.equals(line.path("type").asText())
        || !ResultsFormat.FORMAT.equals(line.path("format").asText())) {
      throw new ResultsException(file + ": not an inference-perf results file (its first line is not a results"
          + " header); pass the " + ResultsFormat.FILE_NAME + " a run wrote, or its report folder");
    }
    int version = line.path("version").asInt(-1);
    if (version < 1 || version > ResultsFormat.VERSION) {
      throw new ResultsException(file + ": results format version " + version + " is newer than this build reads ("
          + ResultsFormat.VERSION + "); use the inference-perf version that wrote it, or a newer one");
    }
    try {
      return ResultsJson.readHeader(line);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new ResultsException(file + ": damaged results header (" + e.getMessage() + ")");
    }
  }

  private static InputStream open(Path file) throws IOException {
    return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
  }

  private static MappingIterator<JsonNode> lines(InputStream in) throws IOException {
    JsonParser parser = JSON.getFactory().createParser(in);
    return JSON.readerFor(JsonNode.class).readValues(parser);
  }

  private static ResultsException unreadable(Path file, Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (cause instanceof NoSuchFileException) {
      return new ResultsException(file + ": no such file");
    }
    if (cause instanceof ZipException || cause instanceof EOFException) {
      return new ResultsException(file + ": not a gzip-compressed results file (" + cause.getMessage() + ")");
    }
    return new ResultsException(file + ": cannot read (" + cause.getMessage() + ")");
  }
}
