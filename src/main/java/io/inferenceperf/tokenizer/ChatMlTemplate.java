package io.inferenceperf.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ChatML layout used by Qwen and others, for one user turn with the generation prompt:
 * {@code <|im_start|>user\n{content}<|im_end|>\n<|im_start|>assistant\n}, preceded by the template's default
 * system turn when the template writes one as a literal (Qwen 2.5's "You are Qwen, ...").
 */
final class ChatMlTemplate implements ChatTemplate {

  static final String START = "<|im_start|>";
  private static final Pattern LITERAL_SYSTEM_TURN =
      Pattern.compile("<\\|im_start\\|>system\\\\n([^'\"{}]+?)<\\|im_end\\|>\\\\n");

  private final String defaultSystemTurn;

  private ChatMlTemplate(String defaultSystemTurn) {
    this.defaultSystemTurn = defaultSystemTurn;
  }

  static boolean isChatMl(String template) {
    return template.contains(START);
  }

  static ChatMlTemplate of(String template) {
    Matcher matcher = LITERAL_SYSTEM_TURN.matcher(template);
    String system = matcher.find() ? START + "system\n" + matcher.group(1) + "<|im_end|>\n" : "";
    return new ChatMlTemplate(system);
  }

  @Override
  public String renderUserTurn(String content) {
    return defaultSystemTurn + START + "user\n" + content + "<|im_end|>\n" + START + "assistant\n";
  }

  @Override
  public String describe() {
    return defaultSystemTurn.isEmpty() ? "chatml" : "chatml with default system turn";
  }
}
