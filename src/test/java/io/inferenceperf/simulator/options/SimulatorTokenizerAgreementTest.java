package io.inferenceperf.simulator.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.TokenizerConfig;
import io.inferenceperf.simulator.engine.PromptTokenizer;
import io.inferenceperf.simulator.http.Vocabulary;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.SimulatorTokenizer;
import io.inferenceperf.tokenizer.TokenizerLoadResult;
import io.inferenceperf.tokenizer.TokenizerLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer shipped for the simulator's models counts what the simulator counts, and loads offline. */
class SimulatorTokenizerAgreementTest {

  @TempDir Path home;

  @Test
  void everyProfileServesAModelWhoseTokenizerShipsWithTheTool() {
    for (String profile : Profiles.NAMES) {
      Object model = Profiles.values(profile).get("model");
      assertTrue(SimulatorTokenizer.servesModel((String) model), profile + " serves " + model);
    }
  }

  @Test
  void randomPromptsAndGeneratedTextCountTheSameOnBothSides() {
    SimulatorTokenizer tokenizer = SimulatorTokenizer.instance();
    int[] vocabulary = tokenizer.ordinaryTokenIds();
    SplittableRandom random = new SplittableRandom(7);
    for (int length : new int[] {1, 2, 17, 256, 2048}) {
      int[] ids = new int[length];
      for (int i = 0; i < length; i++) ids[i] = vocabulary[random.nextInt(vocabulary.length)];
      String prompt = tokenizer.decode(ids);
      assertEquals(length, new PromptTokenizer(16).addText(prompt).finish().count(), prompt);
      assertEquals(length, tokenizer.countTokens(prompt, false));
      assertEquals(length, tokenizer.encode(prompt, true).length);
      assertEquals(prompt, tokenizer.decode(tokenizer.encode(prompt, false)), "round trip");
    }
    String output = Vocabulary.text(0, 300);
    assertEquals(300, tokenizer.countTokens(output, false));
    assertEquals(output, tokenizer.decode(tokenizer.encode(output, false)), "generated words are in the vocabulary");
    assertEquals(2, tokenizer.countTokens("  unknown\twords\n", false));
  }

  @Test
  void theServedModelsTokenizerLoadsWithoutNetworkOrWarnings() {
    // An endpoint nothing listens on: any attempt to download would fail and turn into a warning.
    HubSettings offline = HubSettings.from(Map.of("HF_ENDPOINT", "http://127.0.0.1:9", "HF_HUB_OFFLINE", "1"),
        home, null);
    for (String model : SimulatorTokenizer.MODEL_NAMES) {
      TokenizerLoadResult.Loaded served = assertInstanceOf(TokenizerLoadResult.Loaded.class,
          TokenizerLoader.load(null, model, offline));
      assertEquals(SimulatorTokenizer.instance(), served.tokenizer());
      assertEquals(java.util.List.of(), served.warnings());
      TokenizerLoadResult.Loaded named = assertInstanceOf(TokenizerLoadResult.Loaded.class,
          TokenizerLoader.load(new TokenizerConfig(model, false, null), null, offline));
      assertTrue(named.tokenizer().exact());
    }
  }
}
