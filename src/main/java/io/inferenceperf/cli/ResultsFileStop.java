package io.inferenceperf.cli;

import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.results.ResultsWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A results file that can no longer be written (a full disk, a file size limit) stops the run: what it would measure
 * next could not be kept, so nothing more is sent; requests in flight finish within the grace period, the reports
 * are written from memory if the disk lets them, and the run exits 1.
 */
final class ResultsFileStop {
  private ResultsFileStop() {}

  static void watch(ResultsWriter writer, Path path, StopSignal stop, PrintStream err) {
    writer.onFailure(e -> {
      err.println("\n" + message(path, e));
      stop.stop("the results file could not be written");
    });
  }

  static String message(Path path, IOException e) {
    return "Cannot write the results file " + path + " (" + e.getMessage() + "; is the disk full?): stopping the"
        + " run, nothing more is sent. The file keeps every line up to its last flush (`inference-perf report`"
        + " reads it); the reports of what was measured are written next if the disk lets them. Free some space or"
        + " set storage.local_storage.path to another disk.";
  }

  /** The last line of such a run: why it exits 1, and how to get the reports if they could not be written. */
  static String finalLine(RunExecution.Executed executed, Path folder) {
    return "Run stopped: the results file could not be written (" + executed.resultsFileFailure() + "). If a report"
        + " is missing, free some space and run `inference-perf report " + folder + "`: it rebuilds the reports"
        + " from what the results file kept.";
  }
}
