package io.inferenceperf.config;

/**
 * The {@code tokenizer} section.
 *
 * @param pretrainedModelNameOrPath a local folder or a Hugging Face model id
 * @param token Hugging Face token; redacted in the written config.yaml
 */
public record TokenizerConfig(String pretrainedModelNameOrPath, boolean trustRemoteCode, String token) {}
