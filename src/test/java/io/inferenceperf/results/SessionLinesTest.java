package io.inferenceperf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.SessionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session lines of a session-graph replay read back as they were written, times moved by the shift. */
class SessionLinesTest {
  private static final long ORIGIN = 5_000_000_000L;

  @Test
  void sessionsAndTheirStageSettingsReadBackTheSame(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results.jsonl.gz");
    SessionStagePlan plan = new SessionStagePlan(0, 2_000_000_000L, 3, 1.5);
    SessionRecord ok = new SessionRecord("s0", "traces/a.json", 0, ORIGIN + 10, ORIGIN + 900, 4, 4, 0, 0, null,
        120, 40, 64, 100, List.of("e1", "e3"));
    SessionRecord failed = new SessionRecord("s1", null, 0, ORIGIN + 20, ORIGIN + 800, 3, 1, 1, 1,
        Failure.http(500, "boom"), 30, 5, -1, -1, List.of());
    try (ResultsWriter writer = new ResultsWriter(Files.newOutputStream(file), ORIGIN, () -> ORIGIN, 1_000_000_000L)) {
      writer.header(ResultsFileTest.header());
      writer.sessionStage(plan);
      writer.session(ok);
      writer.session(failed);
    }
    List<Object> heard = new ArrayList<>();
    ResultsReader.replay(file, 1_000, new ResultsListener() {
      @Override
      public void sessionStage(SessionStagePlan p) {
        heard.add(p);
      }

      @Override
      public void session(SessionRecord session) {
        heard.add(session);
      }
    });
    assertEquals(List.of(plan, ok.shifted(1_000 - ORIGIN), failed.shifted(1_000 - ORIGIN)), heard);
  }
}
