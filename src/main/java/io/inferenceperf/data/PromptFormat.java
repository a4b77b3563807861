package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.tokenizer.ChatTemplate;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.List;
import java.util.Optional;

/**
 * How a prompt's text is sent and counted, from the API type, data.use_chat_template and the tokenizer:
 *
 * <ul>
 *   <li>completion: sent as is, counted with special tokens (BOS), as /v1/completions does;
 *   <li>completion + use_chat_template: the chat template is applied here, the templated text is sent (with
 *       add_special_tokens false) and counted without adding special tokens;
 *   <li>chat: the text is the user message; it is counted inside the model's chat template when the tokenizer has
 *       one, otherwise the count is unknown (-1) because the server adds a template we cannot see.
 * </ul>
 *
 * @param countShape what the server will tokenize, for counting
 * @param sentShape what the request carries
 * @param countKnown whether counts under countShape equal the server's
 */
record PromptFormat(PromptShape countShape, PromptShape sentShape, boolean countKnown) {

  private static final PromptShape PLAIN = PromptShape.PLAIN;

  /** The format for this run, or a problem naming the key. */
  static Result of(ApiType apiType, boolean useChatTemplate, Tokenizer tokenizer) {
    Optional<ChatTemplate> template = tokenizer.chatTemplate();
    boolean messages = ApiConfig.messagesApi(apiType);
    if (useChatTemplate && messages) {
      return new Result(null, List.of("data.use_chat_template applies to api.type completion; with api.type "
          + apiType.yamlName + " the server applies the chat template itself"));
    }
    if (useChatTemplate) {
      if (template.isEmpty()) {
        return new Result(null, List.of("data.use_chat_template needs a tokenizer with a chat template we can "
            + "render; '" + tokenizer.name() + "' has none (set tokenizer.pretrained_model_name_or_path)"));
      }
      PromptShape templated = PromptShape.chat(template.get());
      return new Result(new PromptFormat(templated, templated, true), List.of());
    }
    if (messages) {
      return new Result(template.map(t -> new PromptFormat(PromptShape.chat(t), PLAIN, true))
          .orElse(new PromptFormat(PLAIN, PLAIN, false)), List.of());
    }
    return new Result(new PromptFormat(PLAIN, PLAIN, true), List.of());
  }

  record Result(PromptFormat format, List<String> problems) {}

  /** A prompt for {@code text} (before templating), counted under this format. */
  Prompt prompt(String text, Tokenizer tokenizer, int maxTokens) {
    int count = countKnown ? tokenizer.countTokens(countShape.wrap(text), countShape.addSpecialTokens()) : -1;
    return new Prompt(sentShape.wrap(text), count, maxTokens);
  }
}
