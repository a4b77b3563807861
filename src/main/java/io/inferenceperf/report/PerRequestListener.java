package io.inferenceperf.report;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every record into the per-request file. A write error stops the file (logged once), never the run: the
 * aggregated reports and the results file still have everything.
 */
public final class PerRequestListener implements ResultsListener {
  private static final Logger LOG = LoggerFactory.getLogger(PerRequestListener.class);

  private final PerRequestFileWriter writer;
  private boolean broken;

  public PerRequestListener(PerRequestFileWriter writer) {
    this.writer = writer;
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
      LOG.error("cannot write the per-request file any more ({}); continuing without it", e.toString());
    }
  }
}
