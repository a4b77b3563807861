package io.inferenceperf.simulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The generated words: safe to write into JSON unescaped, and the same for every response. */
class VocabularyTest {

  @Test
  void vocabularyWordsAreJsonSafeAndStable() {
    for (int i = 0; i < 200; i++) {
      String word = Vocabulary.word(i);
      assertTrue(word.startsWith(" ") && word.strip().chars().allMatch(Character::isLetter), word);
      assertEquals(word, new String(Vocabulary.bytes(i), StandardCharsets.US_ASCII));
    }
    assertEquals(Vocabulary.word(0) + Vocabulary.word(1), Vocabulary.text(0, 2));
    assertEquals(64, IntStream.range(0, 64).mapToObj(Vocabulary::word).distinct().count());
  }
}
