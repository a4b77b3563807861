package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a user makes in what they hand the tool: a message naming the problem and the fix, no stack trace. */
class BadInputEndToEndTest {

  private static void noStackTrace(CliRunner.Output output) {
    assertFalse(output.err().contains("\tat ") || output.out().contains("\tat "), "no stack trace: " + output);
  }

  @Test
  void aConfigFileThatIsADirectoryIsAConfigError(@TempDir Path dir) {
    CliRunner.Output output = CliRunner.cli("-c", dir.toString(), "--dry-run");
    assertEquals(2, output.code(), output.err());
    assertTrue(output.err().contains(dir + ": is a directory, not a config file"), output.err());
    noStackTrace(output);
  }

  @Test
  void aConfigFileThatIsNotUtf8IsAConfigError(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.yml");
    Files.write(latin1, "server: {type: simulator}\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CliRunner.Output output = CliRunner.cli("-c", latin1.toString(), "--dry-run");
    assertEquals(2, output.code(), output.err());
    assertTrue(output.err().contains("config file is not UTF-8 text"), output.err());
    noStackTrace(output);
  }

  @Test
  void aReportFolderThatCannotBeMadeIsSaidBeforeTheLoad(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      CliRunner.Result run = CliRunner.run(dir, """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data: {type: mock}
          load: {type: constant, stages: [{rate: 5, duration: 1}]}
          """.formatted(sim.baseUrl()), "--storage.local_storage.path", file.resolve("reports").toString());
      assertEquals(1, run.exitCode(), run.err());
      assertTrue(run.err().contains("cannot create the report folder " + file.resolve("reports")), run.err());
      assertTrue(run.err().contains("set storage.local_storage.path to a writable folder"), run.err());
      assertEquals(0, sim.truth().snapshot().completed(), "nothing was sent");
      noStackTrace(new CliRunner.Output(run.exitCode(), run.out(), run.err()));
    }
  }

  @Test
  void aTruncatedDataFileIsAConfigErrorNamingTheFileTheRecordAndTheFix(@TempDir Path dir) throws Exception {
    String record = "{\"conversations\": [{\"from\": \"human\", \"value\": \"say hello\"},"
        + " {\"from\": \"gpt\", \"value\": \"hello there\"}]}";
    String whole = "[\n" + record + ",\n" + record + "\n]\n";
    Path cut = Files.writeString(dir.resolve("sharegpt.json"), whole.substring(0, whole.length() - 30));
    CliRunner.Result run = CliRunner.run(dir, """
        api: {type: completion}
        server: {type: vllm, base_url: http://127.0.0.1:9, model_name: simulated-model}
        data: {type: shareGPT, path: %s}
        load: {type: constant, stages: [{rate: 5, duration: 1}]}
        """.formatted(cut), "--dry-run");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("data.path: " + cut + " ends in the middle of record 2 (line 3): the file is cut"
        + " short"), run.err());
    assertTrue(run.err().contains("download it again or point data.path at the full file"), run.err());
    noStackTrace(new CliRunner.Output(run.exitCode(), run.out(), run.err()));
  }
}
