package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.tokenizer.ApproximateTokenizer;
import io.inferenceperf.tokenizer.RealTokenizers;
import org.junit.jupiter.api.Test;

/** What the run warns when no model tokenizer could be loaded, per data type. */
class ApproximateCountsWarningTest {

  @Test
  void mockAndExactTokenizersNeedNoWarning() {
    assertNull(RunPreparation.approximateCountsWarning(DataType.MOCK, ApproximateTokenizer.instance()));
    for (DataType type : DataType.values()) {
      assertNull(RunPreparation.approximateCountsWarning(type, RealTokenizers.load("gpt2")), type.yamlName);
    }
  }

  @Test
  void generatedPromptsAreExactOnlyInTheApproximation() {
    for (DataType type : new DataType[] {DataType.RANDOM, DataType.SYNTHETIC, DataType.SHARED_PREFIX}) {
      String warning = RunPreparation.approximateCountsWarning(type, ApproximateTokenizer.instance());
      assertTrue(warning.startsWith("data.type " + type.yamlName + ": prompts are made exactly the drawn number of"
          + " tokens of the approximation, not of the model"), warning);
    }
  }

  @Test
  void datasetsSayWhatTheApproximationAffects() {
    for (DataType type : DataType.values()) {
      if (!type.isDataset() || type == DataType.VISIONARENA) continue;
      String warning = RunPreparation.approximateCountsWarning(type, ApproximateTokenizer.instance());
      assertTrue(warning.contains("data.type " + type.yamlName + ": the data.input_distribution/output_distribution"
          + " length filters and each request's max_tokens"), warning);
      assertTrue(warning.contains("output ITL is per chunk"), warning);
    }
    String visionArena = RunPreparation.approximateCountsWarning(DataType.VISIONARENA, ApproximateTokenizer.instance());
    assertTrue(visionArena.contains("data.type visionarena: the client's count of each prompt's text tokens is"
        + " approximate") && !visionArena.contains("filters"), visionArena);
  }
}
