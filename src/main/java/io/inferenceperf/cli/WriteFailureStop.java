package io.inferenceperf.cli;

import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.results.ResultsWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of the run that can no longer be written (a full disk, a quota, a file size limit) stops the run, whichever
 * file meets it first: the results file, the per-request file or a scratch file of exact values. What the run would
 * measure next could not all be kept, so nothing more is sent; requests in flight finish within the grace period,
 * the reports are written if the disk lets them, and the run exits 1. Every file keeps what it wrote before.
 *
 * <p>Called from the recorder thread (the files' writers) and read by the main thread after the run.
 */
final class WriteFailureStop {

  /** The files a run writes while it runs, and what each failure leaves. */
  enum Output {
    RESULTS_FILE("the results file"),
    PER_REQUEST_FILE("the per-request file"),
    SCRATCH_FILE("the scratch file of exact values");

    final String name;

    Output(String name) {
      this.name = name;
    }
  }

  /** One file that failed: which, where (the scratch file's folder), and the system's reason. */
  record Failure(Output output, Path path, String reason) {
    /** e.g. {@code the results file /reports/results.jsonl.gz}, {@code the scratch file of exact values in /tmp} */
    String what() {
      return output.name + (output == Output.SCRATCH_FILE ? " in " : " ") + path;
    }
  }

  private final StopSignal stop;
  private final PrintStream err;
  private final List<Failure> failures = new ArrayList<>();
  private boolean runOver;

  WriteFailureStop(StopSignal stop, PrintStream err) {
    this.stop = stop;
    this.err = err;
  }

  void watch(ResultsWriter writer, Path path) {
    writer.onFailure(e -> failed(Output.RESULTS_FILE, path, e));
  }

  Consumer<IOException> perRequestFile(Path path) {
    return e -> failed(Output.PER_REQUEST_FILE, path, e);
  }

  /** For the scratch files in {@code folder}: only during the run; later the values simply stay in memory. */
  Consumer<IOException> scratchFiles(Path folder) {
    return e -> {
      synchronized (this) {
        if (runOver) return;
      }
      failed(Output.SCRATCH_FILE, folder, e);
    };
  }

  /** The stages are over: a scratch file failing now (the run summary's merge) loses nothing and stops nothing. */
  synchronized void runOver() {
    runOver = true;
  }

  /** Records the failure of {@code output}; the first one stops the run, each is said once. */
  void failed(Output output, Path path, IOException e) {
    String line;
    synchronized (this) {
      if (failures.stream().anyMatch(f -> f.output() == output)) return;
      failures.add(new Failure(output, path, message(e)));
      line = failures.size() == 1 ? stopMessage(failures.get(0), e) : alsoMessage(failures.getLast(), e);
    }
    err.println("\n" + line);
    stop.stop(output.name + " could not be written");
  }

  synchronized List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** The first failure's message: what stopped, that the disk is full, what is kept, and the fix. */
  static String stopMessage(Failure failure, IOException e) {
    return "Cannot write " + failure.what() + " (" + reason(e) + "): stopping the run, nothing more is sent. "
        + kept(failure.output()) + " " + fix(failure.output());
  }

  private static String alsoMessage(Failure failure, IOException e) {
    return "Cannot write " + failure.what() + " either (" + reason(e) + ").";
  }

  private static String kept(Output output) {
    return switch (output) {
      case RESULTS_FILE -> "The file keeps every line up to its last flush (`inference-perf report` reads it); the"
          + " reports of what was measured are written next if the disk lets them.";
      case PER_REQUEST_FILE -> "The file keeps every entry up to its last flush, and the results file every request"
          + " measured (`inference-perf report` rebuilds the per-request file from it); the reports are written next"
          + " if the disk lets them.";
      case SCRATCH_FILE -> "Every value measured is kept (in memory from now on): the reports are complete.";
    };
  }

  private static String fix(Output output) {
    return output == Output.SCRATCH_FILE
        ? "Free some space there or point java.io.tmpdir at another disk"
            + " (INFERENCE_PERF_EXTRA_JVM_OPTS=-Djava.io.tmpdir=/some/dir)."
        : "Free some space or set storage.local_storage.path to another disk.";
  }

  /** The system's reason, saying that the disk is full when that is what it means. */
  static String reason(IOException e) {
    String message = message(e);
    if (message.contains("No space left on device")) return message + ": the disk is full";
    if (message.contains("Disk quota exceeded")) return message + ": the disk quota is used up";
    return message + "; is the disk full?";
  }

  private static String message(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** The last line of such a run: why it exits 1, and how to get what could not be written. */
  static String finalLine(List<Failure> failures, Path folder) {
    StringBuilder line = new StringBuilder("Run stopped: ");
    for (int i = 0; i < failures.size(); i++) {
      Failure failure = failures.get(i);
      if (i == 0) {
        line.append(failure.output().name).append(" could not be written (");
      } else {
        line.append("; nor ").append(failure.what()).append(" (");
      }
      line.append(failure.reason()).append(")");
    }
    line.append(". ");
    boolean resultsKept = failures.stream().noneMatch(f -> f.output() == Output.RESULTS_FILE);
    boolean perRequestLost = failures.stream().anyMatch(f -> f.output() == Output.PER_REQUEST_FILE);
    if (!resultsKept) {
      line.append("If a report is missing, free some space and run `inference-perf report ").append(folder)
          .append("`: it rebuilds the reports from what the results file kept.");
    } else if (perRequestLost) {
      line.append("The results file has every request measured: free some space and run `inference-perf report ")
          .append(folder).append("` to rebuild the per-request file and any missing report.");
    } else {
      line.append("The reports hold every value measured; free some space or point java.io.tmpdir at another disk.");
    }
    return line.toString();
  }
}
