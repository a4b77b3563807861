package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tokenizer_config.json and special_tokens_map.json say that matters to us: the chat template and the special
 * token strings it refers to.
 *
 * @param chatTemplate the default Jinja chat template, or null
 * @param specialTokens named special tokens (bos_token, eos_token, unk_token, pad_token) as strings
 * @param addBosToken add_bos_token, or null when not set (used for SentencePiece models)
 * @param addEosToken add_eos_token, or null when not set
 */
record TokenizerSettings(String chatTemplate, Map<String, String> specialTokens, Boolean addBosToken,
    Boolean addEosToken) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] NAMED_TOKENS = {"bos_token", "eos_token", "unk_token", "pad_token"};

  static TokenizerSettings read(Path directory) throws IOException {
    JsonNode config = readOptional(directory.resolve("tokenizer_config.json"));
    JsonNode specialMap = readOptional(directory.resolve("special_tokens_map.json"));
    Map<String, String> specials = new LinkedHashMap<>();
    for (String name : NAMED_TOKENS) {
      String value = tokenText(config.get(name));
      if (value == null) {
        value = tokenText(specialMap.get(name));
      }
      if (value != null) {
        specials.put(name, value);
      }
    }
    return new TokenizerSettings(chatTemplate(config.get("chat_template")), Map.copyOf(specials),
        flag(config.get("add_bos_token")), flag(config.get("add_eos_token")));
  }

  private static Boolean flag(JsonNode node) {
    return node != null && node.isBoolean() ? node.asBoolean() : null;
  }

  private static JsonNode readOptional(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return JSON.createObjectNode();
    try {
      JsonNode tree = JSON.readTree(file.toFile());
      if (tree == null || tree.isMissingNode()) throw TokenizerFileProblems.empty(file);
      return tree;
    } catch (IOException e) {
      throw TokenizerFileProblems.unreadable(file, e);
    }
  }

  /** A special token is written either as a string or as an AddedToken object with "content". */
  private static String tokenText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    JsonNode content = node.get("content");
    return content != null && content.isTextual() ? content.asText() : null;
  }

  /** chat_template is a string, or a list of {name, template} where "default" is the one to use. */
  private static String chatTemplate(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      for (JsonNode entry : node) {
        if ("default".equals(entry.path("name").asText())) {
          return entry.path("template").asText(null);
        }
      }
    }
    return null;
  }
}
