/**
 * Tokenizers: the model's own (Hugging Face tokenizer files, local or from the Hub cache) and a clearly named
 * built-in approximation, plus chat templates. Entry point: {@link io.inferenceperf.tokenizer.TokenizerLoader#load}.
 * The same Hub settings also fetch datasets: a repository file ({@link io.inferenceperf.tokenizer.HubDatasets}) or a
 * split's first rows through the dataset viewer API ({@link io.inferenceperf.tokenizer.HubDatasetRows}).
 *
 * <p>May import: config.
 */
package io.inferenceperf.tokenizer;
