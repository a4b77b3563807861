package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random text of exact token counts for conversations, whose prompts are pieces joined by single spaces: an
 * {@link #opening} piece counts exactly its tokens at the start of a prompt (without BOS), a {@link #joined} piece
 * counts exactly its tokens after a space. With a byte-level BPE tokenizer whose vocabulary has enough whole-word
 * tokens (see {@link WordTokens}; checked by a self-test) pieces are words, one token each, and their counts hold
 * within the joined prompt too, as its pre-tokenizer cuts before every " word". Otherwise each piece is made exact on
 * its own by {@link ExactLengthText}'s fix-up loop, and a join may merge or split a token at its boundary. Thread-safe.
 */
final class ConversationText {

  private static final int[] SELF_TEST_LENGTHS = {1, 2, 3, 5, 8, 40, 333};

  private final Tokenizer tokenizer;
  private final WordTokens words; // null: no usable word tokens, the fix-up loop makes each piece
  private final int[] candidates;
  private final ExactLengthText openingText;
  private final ExactLengthText joinedText;

  ConversationText(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.candidates = WordTokens.candidates(tokenizer);
    this.openingText = new ExactLengthText(tokenizer, shape(""));
    this.joinedText = new ExactLengthText(tokenizer, shape(" "));
    WordTokens all = WordTokens.of(tokenizer);
    this.words = all.usable() && selfTest(all) ? all : null;
  }

  /** Whether pieces keep their exact counts when joined (the word fast path is in use). */
  boolean exactWhenJoined() {
    return words != null;
  }

  /** Text of exactly {@code tokens} tokens at the start of a prompt (BOS not counted); "" for 0. */
  String opening(RandomGenerator random, int tokens) {
    if (tokens <= 0) return "";
    if (words == null) return openingText.make(ExactLengthText.randomIds(candidates, random), tokens);
    StringBuilder text = new StringBuilder(tokens * 8);
    text.append(words.bareText()[random.nextInt(words.bare().length)]);
    appendSpaced(text, random, tokens - 1);
    return text.toString();
  }

  /** Text of exactly {@code tokens} tokens after a space; "" for 0. */
  String joined(RandomGenerator random, int tokens) {
    if (tokens <= 0) return "";
    if (words == null) {
      // Starts from one id: the joined shape counts the space alone as a token, which would leave 1 token empty.
      ExactLengthText.IdSource source = ExactLengthText.randomIds(candidates, random);
      IntList start = new IntList(tokens);
      source.append(start, 1);
      return joinedText.make(source, start, tokens);
    }
    StringBuilder text = new StringBuilder(tokens * 8);
    appendSpaced(text, random, tokens);
    return text.substring(1); // the join's space stands for the first word's own
  }

  /** Tokens of {@code text} after a space (a model's response within the conversation). */
  int countJoined(String text) {
    return text.isEmpty() ? 0 : tokenizer.countTokens(" " + text, false);
  }

  /** The first {@code tokens} tokens of an opening piece. */
  String cutOpening(String text, int tokens) {
    int[] ids = tokenizer.encode(text, false);
    return ids.length <= tokens ? text : tokenizer.decode(Arrays.copyOf(ids, Math.max(0, tokens)));
  }

  /** The first {@code tokens} tokens of a joined piece (still without its leading space). */
  String cutJoined(String text, int tokens) {
    int[] ids = tokenizer.encode(" " + text, false);
    if (ids.length <= tokens) return text;
    String cut = tokenizer.decode(Arrays.copyOf(ids, Math.max(0, tokens)));
    return cut.startsWith(" ") ? cut.substring(1) : cut;
  }

  private void appendSpaced(StringBuilder text, RandomGenerator random, int count) {
    String[] spaced = words.spacedText();
    for (int i = 0; i < count; i++) {
      text.append(spaced[random.nextInt(spaced.length)]);
    }
  }

  /** The word path's counts hold for pieces alone and joined, with this tokenizer. */
  private boolean selfTest(WordTokens candidateWords) {
    ConversationText fast = new ConversationText(tokenizer, candidateWords);
    SplittableRandom random = new SplittableRandom(0xC0DE);
    for (int length : SELF_TEST_LENGTHS) {
      String opening = fast.opening(random, length);
      String joined = fast.joined(random, length + 1);
      if (tokenizer.countTokens(opening, false) != length
          || tokenizer.countTokens(" " + joined, false) != length + 1
          || tokenizer.countTokens(opening + " " + joined + " " + joined, false) != 3 * length + 2) {
        return false;
      }
    }
    return true;
  }

  private ConversationText(Tokenizer tokenizer, WordTokens words) {
    this.tokenizer = tokenizer;
    this.candidates = new int[0];
    this.openingText = null;
    this.joinedText = null;
    this.words = words;
  }

  /** Text counted after {@code before}, without special tokens. */
  private static PromptShape shape(String before) {
    return new PromptShape() {
      @Override
      public String wrap(String text) {
        return before + text;
      }

      @Override
      public boolean addSpecialTokens() {
        return false;
      }
    };
  }
}
