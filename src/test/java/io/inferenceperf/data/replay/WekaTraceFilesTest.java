package io.inferenceperf.data.replay;

import static io.inferenceperf.data.replay.WekaTraceJson.call;
import static io.inferenceperf.data.replay.WekaTraceJson.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.WekaReplayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad trace files: each problem names the file (and line), the trace, the entry and the field, and the fix. */
class WekaTraceFilesTest {

  @TempDir Path dir;

  private static final String GOOD = trace("good", call(0, 8, 1, "1, 2", 1, 0));

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static String problem(WekaReplayConfig config) {
    return assertThrows(ReplayFormatException.class, () -> WekaTraceFiles.find(config, s -> { })).getMessage();
  }

  private String problemIn(String content) throws IOException {
    return problem(WekaReplayConfig.ofFiles(List.of(write("bad.json", content).toString())));
  }

  @Test
  void aMissingFieldIsNamedWithItsEntry() throws IOException {
    String message = problemIn(trace("t1", call(0, 8, 1, "1", 1, 0), "{\"t\": 3, \"type\": \"n\", \"out\": 2}"));
    assertTrue(message.contains("bad.json: trace 't1' field requests[1].in: missing"), message);
    assertTrue(message.contains("skip_invalid_files"), message);
  }

  @Test
  void wrongValuesAreNamed() throws IOException {
    assertTrue(problemIn(trace("t", call(0, -3, 1, "1", 1, 0))).contains("requests[0].in: must be a whole number"
        + " >= 0, got -3"));
    assertTrue(problemIn(trace("t", call(0, 8, 1, "1, \"x\"", 1, 0))).contains("requests[0].hash_ids[1]: must be a"
        + " whole number"));
    assertTrue(problemIn(trace("t", "{\"t\": 0, \"type\": \"q\", \"in\": 3}")).contains("requests[0].type: 'q' is"
        + " not a request type; expected n (a call), s (a streamed call) or subagent"));
    assertTrue(problemIn(trace("t")).contains("field requests: is empty"));
    assertTrue(problemIn("{\"requests\": []}").contains("field id: missing"));
    assertTrue(problemIn("[1, 2]").contains("a trace must be a JSON object"));
  }

  @Test
  void aNestedSubagentIsRefused() throws IOException {
    String nested = "{\"t\": 1, \"type\": \"subagent\", \"agent_id\": \"a\", \"requests\": [{\"t\": 0, \"type\":"
        + " \"subagent\", \"requests\": []}]}";
    String message = problemIn(trace("t", call(0, 8, 1, "1", 1, 0), nested));
    assertTrue(message.contains("requests[1].requests[0].type: a subagent inside a subagent"), message);
  }

  @Test
  void invalidJsonNamesTheLineOfAJsonlFile() throws IOException {
    Path file = write("traces.jsonl", GOOD + "\n{\"id\": \"x\", oops}\n");
    String message = problem(WekaReplayConfig.ofFiles(List.of(file.toString())));
    assertTrue(message.startsWith(file + ":2: not valid JSON"), message);
  }

  @Test
  void duplicateIdsNameBothPlaces() throws IOException {
    Path a = write("a.json", GOOD);
    Path b = write("b.json", GOOD);
    String message = problem(WekaReplayConfig.ofFiles(List.of(a.toString(), b.toString())));
    assertTrue(message.contains(b + ": trace id 'good' is also the id of the trace in " + a), message);
  }

  @Test
  void missingFilesAndFoldersAreNamed() throws IOException {
    assertTrue(problem(WekaReplayConfig.ofFiles(List.of(dir.resolve("nope.json").toString())))
        .contains("data.weka_trace_replay.trace_files: " + dir.resolve("nope.json") + " does not exist"));
    assertTrue(problem(folder(dir.resolve("none"))).contains("trace_directory: " + dir.resolve("none")
        + " does not exist"));
    assertTrue(problem(folder(dir)).contains("holds no .json or .jsonl file"));
  }

  @Test
  void aFolderIsReadInNameOrderAndInvalidTracesCanBeSkipped() throws IOException {
    write("b.json", GOOD.replace("good", "second"));
    write("a.json", GOOD);
    write("c.json", "{broken");
    write("notes.txt", "not a trace");
    assertTrue(problem(folder(dir)).contains("c.json: not valid JSON"));
    List<String> skipped = new ArrayList<>();
    WekaReplayConfig skipping = new WekaReplayConfig(dir.toString(), null, null, 100, 64, 60, false, false, 1000,
        false, null, 15_000, 3600, true, Map.of());
    List<WekaTraceFiles.Ref> refs = WekaTraceFiles.find(skipping, skipped::add);
    assertEquals(List.of("good", "second"), refs.stream().map(WekaTraceFiles.Ref::id).toList());
    assertEquals(1, skipped.size());
    assertTrue(skipped.get(0).contains("c.json"), skipped.toString());
  }

  @Test
  void nothingReadableIsAProblemEvenWhenSkipping() throws IOException {
    write("c.json", "{broken");
    WekaReplayConfig skipping = new WekaReplayConfig(dir.toString(), null, null, 100, 64, 60, false, false, 1000,
        false, null, 15_000, 3600, true, Map.of());
    assertTrue(problem(skipping).contains("no trace could be read"));
  }

  @Test
  void aTraceWithoutBlockSizeUsesTheDefault() throws IOException {
    Path file = write("d.json", GOOD.replace("\"block_size\": 4,", ""));
    WekaTraceFiles.Ref ref = WekaTraceFiles.find(WekaReplayConfig.ofFiles(List.of(file.toString())), s -> { })
        .get(0);
    assertEquals(16, WekaTraceFiles.read(ref, 16).blockSize());
  }

  private static WekaReplayConfig folder(Path folder) {
    return new WekaReplayConfig(folder.toString(), null, null, 100, 64, 60, false, false, 1000, false, null, 15_000,
        3600, false, Map.of());
  }
}
