package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real SentencePiece model (trained by Google's sentencepiece on our corpus) against the ids sentencepiece itself
 * gives (scripts/gen-sentencepiece-fixture.py).
 */
class SentencePieceTokenizerTest {

  static Path folder() {
    try {
      return Path.of(SentencePieceTokenizerTest.class.getResource("/sentencepiece/tokenizer.model").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Tokenizer load() {
    List<String> warnings = new ArrayList<>();
    Tokenizer tokenizer = TokenizerFolder.load(folder(), "tiny-sp", warnings::add);
    assertTrue(warnings.isEmpty(), warnings.toString());
    return tokenizer;
  }

  @Test
  void idsMatchSentencePieceItselfAndBosIsAddedAsConfigured() throws IOException {
    Tokenizer tokenizer = load();
    assertInstanceOf(SentencePieceTokenizer.class, tokenizer);
    JsonNode fixture = new ObjectMapper().readTree(folder().resolve("fixture.json").toFile());
    int bos = fixture.get("bosId").asInt();
    for (JsonNode testCase : fixture.get("cases")) {
      String text = testCase.get("text").asText();
      int[] expected = HfTokenizerTest.ints(testCase.get("ids"));
      assertArrayEquals(expected, tokenizer.encode(text, false), () -> "ids of [" + text + "]");
      int[] withBos = new int[expected.length + 1];
      withBos[0] = bos;
      System.arraycopy(expected, 0, withBos, 1, expected.length);
      assertArrayEquals(withBos, tokenizer.encode(text, true), () -> "with BOS [" + text + "]");
      assertEquals(testCase.get("decoded").asText(), tokenizer.decode(withBos), "decode skips BOS");
    }
  }

  @Test
  void ordinaryIdsLeaveOutControlPiecesButKeepBytePieces() {
    Tokenizer tokenizer = load();
    int[] ordinary = tokenizer.ordinaryTokenIds();
    assertEquals(397, ordinary.length); // 400 pieces minus <unk>, <s>, </s>
    assertTrue(Arrays.stream(ordinary).noneMatch(id -> id <= 2));
    assertEquals("hf:tiny-sp", tokenizer.name());
    assertTrue(tokenizer.exact());
  }
}
