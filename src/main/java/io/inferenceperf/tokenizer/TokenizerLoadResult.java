package io.inferenceperf.tokenizer;

import java.util.List;

/** The outcome of {@link TokenizerLoader#load}. */
public sealed interface TokenizerLoadResult {

  /**
   * A tokenizer to count with.
   *
   * @param source where it came from, for the report, e.g. "local folder /models/llama" or "Hugging Face Hub
   *     meta-llama/Llama-3.1-8B (cache /root/.cache/huggingface/hub/...)" or "built-in approximation"
   * @param warnings things the user should see, e.g. that the approximation is used and why
   */
  record Loaded(Tokenizer tokenizer, String source, List<String> warnings) implements TokenizerLoadResult {
    public Loaded {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The configured tokenizer could not be loaded; the message says what was tried and how to fix it.
   *
   * @param inputMistake the user's own folder is missing, incomplete, damaged or unreadable (a configuration to
   *     correct), rather than the Hub failing
   */
  record Failed(String message, boolean inputMistake) implements TokenizerLoadResult {}
}
