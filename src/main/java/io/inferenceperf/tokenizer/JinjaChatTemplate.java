package io.inferenceperf.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a tokenizer_config.json chat template with Jinjava, configured as Hugging Face's environment
 * (trim_blocks, lstrip_blocks). Jinja's "-" whitespace control is applied by rewriting the template first, since
 * Jinjava does not honour it everywhere. Verified to match Hugging Face on Llama 3 templates; ChatML templates
 * (Qwen) use {@link ChatMlTemplate} because Jinjava lacks the Python string methods and slices they use.
 */
final class JinjaChatTemplate implements ChatTemplate {

  private static final Pattern STRIP_BEFORE = Pattern.compile("\\s*(\\{%|\\{\\{|\\{#)-");
  private static final Pattern STRIP_AFTER = Pattern.compile("-(%}|}}|#})\\s*");

  private final String template;
  private final Map<String, String> specialTokens;
  private final Jinjava jinjava;

  private JinjaChatTemplate(String template, Map<String, String> specialTokens) {
    this.template = template;
    this.specialTokens = specialTokens;
    this.jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
        // message text is data: never interpret "{{" or "{%" inside it
        .withNestedInterpretationEnabled(false).build());
  }

  /** A renderer for {@code template}, checked by rendering a sample turn; throws with the reason if that fails. */
  static JinjaChatTemplate of(String template, Map<String, String> specialTokens) {
    JinjaChatTemplate chatTemplate = new JinjaChatTemplate(applyWhitespaceControl(template), specialTokens);
    chatTemplate.renderUserTurn("hello");
    return chatTemplate;
  }

  static String applyWhitespaceControl(String template) {
    String stripped = STRIP_BEFORE.matcher(template).replaceAll("$1");
    return STRIP_AFTER.matcher(stripped).replaceAll("$1");
  }

  @Override
  public String renderUserTurn(String content) {
    Map<String, Object> context = new HashMap<>(specialTokens);
    context.put("messages", List.of(Map.of("role", "user", "content", content)));
    context.put("add_generation_prompt", true);
    RenderResult result = jinjava.renderForResult(template, context);
    if (!result.getErrors().isEmpty()) {
      throw new IllegalStateException("the chat template could not be rendered: "
          + result.getErrors().get(0).getMessage());
    }
    return result.getOutput();
  }

  @Override
  public String describe() {
    return "jinja (tokenizer_config.json)";
  }
}
