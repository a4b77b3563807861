package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.engine.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Several files failing on one full disk: the first stops the run with the long message, each other one is said once,
 * and the last line names them all with the advice that fits what is left (e2e.FullDiskTest runs each first failure
 * on a real full disk).
 */
class WriteFailureStopTest {
  private static final IOException FULL = new IOException("No space left on device");
  private static final Path FOLDER = Path.of("/reports");
  private static final Path RESULTS = FOLDER.resolve("results.jsonl.gz");
  private static final Path PER_REQUEST = FOLDER.resolve("per_request_lifecycle_metrics.json");

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final StopSignal stop = new StopSignal();
  private final WriteFailureStop failures =
      new WriteFailureStop(stop, new PrintStream(printed, true, StandardCharsets.UTF_8));

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theFirstFailureStopsTheRunAndEachOtherIsSaidOnceAndNamedInTheLastLine() {
    failures.perRequestFile(PER_REQUEST).accept(FULL);
    assertTrue(stop.stopped());
    assertEquals("the per-request file could not be written", stop.reason());
    failures.failed(WriteFailureStop.Output.RESULTS_FILE, RESULTS, FULL);
    failures.failed(WriteFailureStop.Output.RESULTS_FILE, RESULTS, FULL);
    failures.perRequestFile(PER_REQUEST).accept(FULL);

    String said = printed();
    assertEquals(1, said.split("stopping the run", -1).length - 1, said);
    assertTrue(said.contains("Cannot write the per-request file " + PER_REQUEST + " (No space left on device: the"
        + " disk is full): stopping the run, nothing more is sent."), said);
    assertEquals(1, said.split("either", -1).length - 1, said);
    assertTrue(said.contains("Cannot write the results file " + RESULTS + " either (No space left on device: the"
        + " disk is full)."), said);
    // the results file failed too: it no longer has every request, so the advice is the results file's
    assertEquals("Run stopped: the per-request file could not be written (No space left on device); nor the results"
        + " file " + RESULTS + " (No space left on device). If a report is missing, free some space and run"
        + " `inference-perf report /reports`: it rebuilds the reports from what the results file kept.",
        WriteFailureStop.finalLine(failures.failures(), FOLDER));
  }

  @Test
  void aScratchFileFailingAfterTheStagesStopsNothing() {
    failures.runOver();
    failures.scratchFiles(Path.of("/tmp")).accept(FULL);
    assertFalse(stop.stopped());
    assertTrue(failures.failures().isEmpty());
    assertEquals("", printed());
  }

  @Test
  void theReasonSaysWhatTheSystemsErrorMeans() {
    assertEquals("No space left on device: the disk is full", WriteFailureStop.reason(FULL));
    assertEquals("Disk quota exceeded: the disk quota is used up",
        WriteFailureStop.reason(new IOException("Disk quota exceeded")));
    assertEquals("File too large; is the disk full?", WriteFailureStop.reason(new IOException("File too large")));
  }
}
