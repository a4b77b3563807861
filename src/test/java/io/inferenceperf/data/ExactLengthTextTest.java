package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.tokenizer.ApproximateTokenizer;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactLengthTextTest {

  @Test
  void convergesOverTheWholeVocabularyAsInferencePerfSamples() {
    Tokenizer llama = RealTokenizers.load("llama3");
    ExactLengthText exact = new ExactLengthText(llama, PromptShape.PLAIN);
    SplittableRandom random = new SplittableRandom(11);
    for (int target : new int[] {2, 10, 100, 500, 1500}) {
      String text = exact.make(ExactLengthText.randomIds(llama.ordinaryTokenIds(), random), target);
      assertEquals(target, llama.countTokens(text, true), "target " + target);
    }
  }

  @Test
  void aTokenizerThatDoesNotRoundTripFailsWithAClearMessage() {
    // Deliberately broken: every word counts 2 tokens plus a BOS, so no text reaches an even target.
    Tokenizer broken = new Tokenizer() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public int[] encode(String text, boolean addSpecialTokens) {
        return new int[2 * ApproximateTokenizer.instance().countTokens(text, false) + 1];
      }

      @Override
      public String decode(int[] ids) {
        return ApproximateTokenizer.instance().decode(ids);
      }

      @Override
      public boolean exact() {
        return true;
      }
    };
    ExactLengthText exact = new ExactLengthText(broken, PromptShape.PLAIN);
    int[] ids = ApproximateTokenizer.instance().ordinaryTokenIds();
    PromptGenerationException error = assertThrows(PromptGenerationException.class,
        () -> exact.make(ExactLengthText.randomIds(ids, new SplittableRandom(1)), 0));
    assertTrue(error.getMessage().contains("below the 1 tokens"), error.getMessage());
    PromptGenerationException noConvergence = assertThrows(PromptGenerationException.class,
        () -> exact.make(ExactLengthText.randomIds(ids, new SplittableRandom(1)), 10));
    assertTrue(noConvergence.getMessage().contains("tokenizer.pretrained_model_name_or_path"),
        noConvergence.getMessage());
    assertTrue(noConvergence.getMessage().contains("in 40 attempts"), noConvergence.getMessage());
  }
}
