/** Tokenizers: the model's own (Hugging Face tokenizer files) and a clearly named built-in approximation. */
package io.inferenceperf.tokenizer;
