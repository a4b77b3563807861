package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the older GPT-2 style files (vocab.json + merges.txt) into the equivalent tokenizer.json, as
 * {@code GPT2TokenizerFast} does: byte-level pre-tokenization with the GPT-2 pattern, BPE, byte-level decoding, and
 * {@code <|endoftext|>} as the special token.
 */
final class ByteLevelBpeFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String END_OF_TEXT = "<|endoftext|>";

  private ByteLevelBpeFiles() {}

  static byte[] toTokenizerJson(Path vocabFile, Path mergesFile) throws IOException {
    JsonNode vocab = JSON.readTree(vocabFile.toFile());
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    if (vocab.has(END_OF_TEXT)) {
      added.addObject().put("id", vocab.get(END_OF_TEXT).asInt()).put("content", END_OF_TEXT)
          .put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", true)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(false, true));
    root.set("post_processor", byteLevel(true, false));
    root.set("decoder", byteLevel(true, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.putNull("unk_token");
    model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
        .put("byte_fallback", false);
    model.set("vocab", vocab);
    ArrayNode merges = model.putArray("merges");
    for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#version")) {
        merges.add(line);
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", trimOffsets)
        .put("use_regex", true);
    return node;
  }
}
