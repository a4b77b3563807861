package io.inferenceperf.report;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every record into the per-request file. A write error ends the file (it keeps the entries up to its last
 * flush) and goes, once, to the listener: a live run stops on it (a full disk), a rebuild logs it and goes on.
 */
public final class PerRequestListener implements ResultsListener {
  private static final Logger LOG = LoggerFactory.getLogger(PerRequestListener.class);

  private final PerRequestFileWriter writer;
  private final Consumer<IOException> onFailure;
  private boolean broken;

  /** A listener whose write error is logged, the rest going on without the file. */
  public PerRequestListener(PerRequestFileWriter writer) {
    this(writer, e -> LOG.error("cannot write the per-request file any more ({}); continuing without it", e.toString()));
  }

  /** @param onFailure told of the first write error */
  public PerRequestListener(PerRequestFileWriter writer, Consumer<IOException> onFailure) {
    this.writer = writer;
    this.onFailure = onFailure;
  }

  @Override
  public void header(ResultsHeader header) {
    writer.loraAdapters(header.loraAdapters().stream().map(adapter -> adapter.name()).toList());
  }

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    if (broken) return;
    try {
      writer.append(record, extraInfo);
    } catch (IOException e) {
      broken = true;
      onFailure.accept(e);
    }
  }
}
