package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApproximateTokenizerTest {

  private final ApproximateTokenizer tokenizer = ApproximateTokenizer.instance();

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"|0",
        "hello|1",
        "\" hello\"|1",
        "hello world|2",
        "hello, world!|4",
        "internationalization|3", // 20 letters: 8 + 8 + 4
        "12345|2", // digits in threes
        "\"a  b\"|3", // 'a', ' ' (run), ' b'
        "\"line one\n\nline two\"|5", // line, ' one', '\n\n', line, ' two'
        "\"tab\there\"|3",
        "\"trailing \"|2",
        "héllo wörld|2",
        "日本語|1",
        "\"smile 😀!\"|3",
      })
  void countsByTheDocumentedRule(String text, int expected) {
    assertEquals(expected, tokenizer.countTokens(text, true));
    assertEquals(expected, tokenizer.encode(text, false).length, "encode agrees with countTokens");
  }

  @Test
  void isClearlyAnApproximation() {
    assertFalse(tokenizer.exact());
    assertEquals("approximate (no tokenizer configured)", tokenizer.name());
  }

  @Test
  void anySequenceOfOrdinaryIdsRoundTrips() {
    int[] ordinary = tokenizer.ordinaryTokenIds();
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int[] ids = new int[random.nextInt(1, 300)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = ordinary[random.nextInt(ordinary.length)];
      }
      String text = tokenizer.decode(ids);
      assertArrayEquals(ids, tokenizer.encode(text, true), text);
    }
  }

  @Test
  void unknownPiecesShareOneIdThatDecodesToTheReplacementCharacter() {
    int[] ids = tokenizer.encode("Zebra", false);
    assertEquals(1, ids.length);
    assertEquals("\uFFFD", tokenizer.decode(ids));
    assertArrayEquals(ids, tokenizer.encode("\uFFFD", false));
  }

  @Test
  void knownWordsAndPunctuationHaveIds() {
    int[] ids = tokenizer.encode(" ba kelo, zu.", false);
    assertEquals(" ba kelo, zu.", tokenizer.decode(ids));
  }
}
