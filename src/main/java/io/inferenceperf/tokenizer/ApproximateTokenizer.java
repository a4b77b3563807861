package io.inferenceperf.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in stand-in used when no model tokenizer is available. It is deterministic, needs no files and counts
 * roughly like a word-level BPE tokenizer on English text, but it is NOT the model's tokenizer: {@link #exact()} is
 * false and reports name it as such.
 *
 * <p>The rule, applied left to right:
 *
 * <ul>
 *   <li>a single space directly before a non-space character belongs to the token that starts there;
 *   <li>a run of letters is cut into tokens of at most {@value #MAX_LETTERS} letters;
 *   <li>a run of digits is cut into tokens of at most {@value #MAX_DIGITS} digits;
 *   <li>any other non-space character (punctuation, symbol, emoji) is one token;
 *   <li>a run of whitespace (not counting the space that belongs to the next token) is one token.
 * </ul>
 *
 * <p>The vocabulary holds {@value #WORD_COUNT} made-up words of one or two consonant-vowel syllables, each with a
 * leading space (" ba", " kelo"), plus ASCII punctuation with and without a leading space, "\n" and "\n\n". Pieces
 * outside it encode to the unknown id, which decodes to U+FFFD. Every sequence of {@link #ordinaryTokenIds()}
 * decodes to text that re-encodes to the very same ids, so random prompts need no fix-up.
 */
public final class ApproximateTokenizer implements Tokenizer {

  public static final String NAME = "approximate (no tokenizer configured)";
  static final int MAX_LETTERS = 8;
  static final int MAX_DIGITS = 3;
  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";
  static final int WORD_COUNT = 70 + 70 * 70;
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String UNKNOWN_TEXT = "\uFFFD";

  private static final ApproximateTokenizer INSTANCE = new ApproximateTokenizer();

  private final String[] textOfId;
  private final Map<String, Integer> idOfText;
  private final int unknownId;
  private final int[] ordinaryIds;

  private ApproximateTokenizer() {
    List<String> vocabulary = buildVocabulary();
    int ordinaryCount = vocabulary.size();
    vocabulary.add("\n");
    vocabulary.add("\n\n");
    unknownId = vocabulary.size();
    vocabulary.add(UNKNOWN_TEXT);
    textOfId = vocabulary.toArray(String[]::new);
    idOfText = new HashMap<>(textOfId.length * 2);
    for (int id = 0; id < textOfId.length; id++) {
      idOfText.put(textOfId[id], id);
    }
    ordinaryIds = new int[ordinaryCount];
    for (int id = 0; id < ordinaryCount; id++) {
      ordinaryIds[id] = id;
    }
  }

  /** The shared instance (it is immutable). */
  public static ApproximateTokenizer instance() {
    return INSTANCE;
  }

  private static List<String> buildVocabulary() {
    List<String> syllables = new ArrayList<>();
    for (char consonant : CONSONANTS.toCharArray()) {
      for (char vowel : VOWELS.toCharArray()) {
        syllables.add("" + consonant + vowel);
      }
    }
    List<String> vocabulary = new ArrayList<>();
    for (String syllable : syllables) {
      vocabulary.add(" " + syllable);
    }
    for (String first : syllables) {
      for (String second : syllables) {
        vocabulary.add(" " + first + second);
      }
    }
    for (char mark : PUNCTUATION.toCharArray()) {
      vocabulary.add(" " + mark);
      vocabulary.add(String.valueOf(mark));
    }
    return vocabulary;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean exact() {
    return false;
  }

  @Override
  public int[] ordinaryTokenIds() {
    return ordinaryIds;
  }

  @Override
  public int countTokens(String text, boolean addSpecialTokens) {
    int[] count = new int[1];
    ApproximateSplitter.split(text, (start, end) -> count[0]++);
    return count[0];
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    IntList ids = new IntList(Math.max(4, text.length() / 4));
    ApproximateSplitter.split(
        text, (start, end) -> ids.add(idOfText.getOrDefault(text.substring(start, end), unknownId)));
    return ids.toArray();
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder(ids.length * 5);
    for (int id : ids) {
      text.append(id >= 0 && id < textOfId.length ? textOfId[id] : UNKNOWN_TEXT);
    }
    return text.toString();
  }
}
