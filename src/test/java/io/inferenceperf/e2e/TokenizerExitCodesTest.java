package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tokenizer that cannot be loaded ends the run before the load, with the exit code of its cause: the user's own
 * folder missing, incomplete or damaged is a configuration to correct (2); a Hub that cannot be reached is a failed
 * run (1).
 */
class TokenizerExitCodesTest {

  private static String config(RunningSimulator sim, String tokenizer) {
    return """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        tokenizer: {pretrained_model_name_or_path: %s}
        data: {type: mock}
        load: {type: constant, stages: [{rate: 5, duration: 1}]}
        """.formatted(sim.baseUrl(), tokenizer);
  }

  @Test
  void anIncompleteLocalFolderIsAConfigErrorNamingTheFolderWhatIsMissingAndTheFix(@TempDir Path dir)
      throws Exception {
    Path folder = Files.createDirectories(dir.resolve("my-model"));
    Files.writeString(folder.resolve("tokenizer_config.json"), "{\"model_max_length\": 4096}");
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      CliRunner.Result run = CliRunner.run(dir, config(sim, folder.toString()));
      assertEquals(2, run.exitCode(), run.err());
      assertTrue(run.err().contains("tokenizer.pretrained_model_name_or_path '" + folder + "': " + folder
          + " has no tokenizer.json (nor vocab.json + merges.txt, nor tokenizer.model), the file that holds the"
          + " vocabulary; it has only tokenizer_config.json. Download the model's tokenizer files again"), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
      assertEquals(0, sim.truth().snapshot().requests(), "nothing was sent");

      CliRunner.Result missing = CliRunner.run(dir, config(sim, dir.resolve("no-such-model").toString()));
      assertEquals(2, missing.exitCode(), missing.err());
      assertTrue(missing.err().contains("no such folder " + dir.resolve("no-such-model")), missing.err());
    }
  }

  @Test
  void aHubThatCannotBeReachedIsAFailedRunNotAConfigError(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      Path config = Files.writeString(dir.resolve("config.yml"), config(sim, "some-org/some-model"));
      // The Hub is a closed port on this machine: the download is refused at once.
      Map<String, String> hub = Map.of("HF_ENDPOINT", "http://127.0.0.1:1", "HF_HOME", dir.resolve("hf").toString(),
          "HF_HUB_OFFLINE", "0");
      try (ChildRun child = ChildRun.start(dir.resolve("log.txt"), List.of(), List.of("-XX:-UsePerfData"), hub, "-c",
          config.toString(), "--storage.local_storage.path", dir.resolve("reports").toString())) {
        int exit = child.awaitExit(60);
        assertEquals(1, exit, child.log());
        assertTrue(child.log().contains("tokenizer.pretrained_model_name_or_path 'some-org/some-model': "),
            child.log());
        assertTrue(child.log().contains("could not reach the Hugging Face Hub"), child.log());
        child.assertNoStackTrace();
      }
      assertEquals(0, sim.truth().snapshot().requests(), "nothing was sent");
    }
  }
}
