package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our tokenizer against token ids computed by independent JavaScript tokenizers (scripts/gen-token-fixtures.mjs). */
class HfTokenizerTest {

  static JsonNode fixture(String name) throws IOException {
    try (InputStream in = HfTokenizerTest.class.getResourceAsStream("/tokenizer-fixtures/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static int[] ints(JsonNode array) {
    return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt2", "llama3", "qwen3"})
  void idsMatchTheIndependentImplementation(String name) throws IOException {
    Tokenizer tokenizer = RealTokenizers.load(name);
    JsonNode cases = fixture(name).get("cases");
    assertTrue(cases.size() >= 25);
    for (JsonNode testCase : cases) {
      String text = testCase.get("text").asText();
      assertArrayEquals(ints(testCase.get("ids")), tokenizer.encode(text, false), () -> "ids of [" + text + "]");
      assertEquals(testCase.get("ids").size(), tokenizer.countTokens(text, false));
      if (testCase.has("idsWithSpecialTokens")) {
        assertArrayEquals(ints(testCase.get("idsWithSpecialTokens")), tokenizer.encode(text, true),
            () -> "ids with special tokens of [" + text + "]");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt2", "llama3", "qwen3"})
  void decodeReversesEncodeForOrdinaryText(String name) throws IOException {
    Tokenizer tokenizer = RealTokenizers.load(name);
    for (JsonNode testCase : fixture(name).get("cases")) {
      String text = testCase.get("text").asText();
      if (!text.contains("<|")) {
        int[] ids = tokenizer.encode(text, false);
        // Qwen's tokenizer normalises to NFC first, so decoding gives the composed form.
        String expected = name.equals("qwen3") ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
        assertEquals(expected, tokenizer.decode(ids), "decode of [" + text + "]");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama3", "sentencepiece"})
  void concurrentUseGivesTheSameIdsAsSequentialUse(String name) throws Exception {
    Tokenizer tokenizer = name.equals("sentencepiece")
        ? TokenizerFolder.load(SentencePieceTokenizerTest.folder(), name, warning -> {})
        : RealTokenizers.load(name);
    java.util.List<String> texts = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> "request " + i + ": the quick brown fox " + "jumps ".repeat(i % 17) + "日本語 😀")
        .toList();
    java.util.List<int[]> sequential = texts.stream().map(t -> tokenizer.encode(t, true)).toList();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
      for (int round = 0; round < 4; round++) {
        checks.add(pool.submit(() -> java.util.stream.IntStream.range(0, texts.size()).allMatch(
            i -> Arrays.equals(sequential.get(i), tokenizer.encode(texts.get(i), true))
                && tokenizer.decode(sequential.get(i)).equals(tokenizer.decode(sequential.get(i))))));
      }
      for (java.util.concurrent.Future<Boolean> check : checks) {
        assertTrue(check.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void longTextsAreNotTruncated() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    String text = " the".repeat(5000); // " the" is one token, and pre-tokenization splits at each space
    assertEquals(5000, tokenizer.countTokens(text, false));
    assertEquals(5000, tokenizer.encode(text, true).length);
  }

  @Test
  void ordinaryIdsExcludeAddedTokens() {
    Tokenizer llama = RealTokenizers.load("llama3");
    int[] ordinary = llama.ordinaryTokenIds();
    assertEquals(128_000, ordinary.length);
    assertFalse(Arrays.stream(ordinary).anyMatch(id -> id >= 128_000));
    assertEquals(151_643, RealTokenizers.load("qwen3").ordinaryTokenIds().length);
    assertEquals(50_256, RealTokenizers.load("gpt2").ordinaryTokenIds().length);
  }

  @Test
  void decodeSkipsSpecialTokens() {
    Tokenizer llama = RealTokenizers.load("llama3");
    assertEquals("x", llama.decode(llama.encode("<|begin_of_text|>x<|eot_id|>", false)));
  }

  @Test
  void isExactAndNamedAfterItsSource() {
    Tokenizer tokenizer = RealTokenizers.load("qwen3");
    assertTrue(tokenizer.exact());
    assertEquals("hf:qwen3", tokenizer.name());
  }
}
