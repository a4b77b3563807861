/**
 * Tokenizers: the model's own (Hugging Face tokenizer files, local or from the Hub cache) and a clearly named
 * built-in approximation, plus chat templates. Entry point: {@link io.inferenceperf.tokenizer.TokenizerLoader#load}.
 *
 * <p>May import: config.
 */
package io.inferenceperf.tokenizer;
