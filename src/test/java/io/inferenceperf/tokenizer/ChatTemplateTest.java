package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

  @Test
  void llama3RendersAsTheIndependentJinjaEngineDoes() throws IOException {
    ChatTemplate template = RealTokenizers.load("llama3").chatTemplate().orElseThrow();
    assertInstanceOf(JinjaChatTemplate.class, template);
    for (JsonNode expected : HfTokenizerTest.fixture("llama3").get("chatTemplate")) {
      assertEquals(expected.get("rendered").asText(), template.renderUserTurn(expected.get("content").asText()));
    }
  }

  @Test
  void messageTextIsNeverInterpretedAsJinja() {
    ChatTemplate template = RealTokenizers.load("llama3").chatTemplate().orElseThrow();
    assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{{ 1 + 1 }} {% if %}<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n", template.renderUserTurn("{{ 1 + 1 }} {% if %}"));
  }

  @Test
  void qwen3RendersAsChatMl() {
    // What Hugging Face's apply_chat_template gives for one user turn with add_generation_prompt and no tools
    // (the Qwen 3 template's "user" branch followed by its generation prompt; no thinking block by default).
    ChatTemplate template = RealTokenizers.load("qwen3").chatTemplate().orElseThrow();
    assertEquals("<|im_start|>user\n hi there \n<|im_end|>\n<|im_start|>assistant\n",
        template.renderUserTurn(" hi there \n"));
    assertEquals("chatml", template.describe());
  }

  @Test
  void chatMlKeepsALiteralDefaultSystemTurn() {
    String qwen25Style = "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]"
        + "['content'] + '<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are a helpful assistant."
        + "<|im_end|>\\n' }}{%- endif %}";
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
        + "<|im_start|>assistant\n", ChatMlTemplate.of(qwen25Style).renderUserTurn("hi"));
  }

  @Test
  void whitespaceControlIsApplied() {
    String template = "A  {%- if true -%}  B  {%- endif %}\n{{- ' C' -}}   \nD";
    ChatTemplate rendered = JinjaChatTemplate.of(template, Map.of());
    assertEquals("AB C" + "D", rendered.renderUserTurn("x"));
  }
}
