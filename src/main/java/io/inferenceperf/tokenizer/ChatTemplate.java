package io.inferenceperf.tokenizer;

/**
 * A model's chat template, applied to a conversation of one user turn with the generation prompt (the assistant
 * header) appended, as {@code apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True)}
 * does. Implementations are thread-safe.
 */
public interface ChatTemplate {

  /** The templated prompt text, to be tokenized without adding special tokens. */
  String renderUserTurn(String content);

  /** A short description for reports, e.g. "jinja (tokenizer_config.json)" or "chatml". */
  String describe();
}
