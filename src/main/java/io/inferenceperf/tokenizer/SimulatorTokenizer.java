package io.inferenceperf.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tokenizer of the built-in simulator's models, shipped with the tool so a run against the simulator needs no
 * download and counts exactly: the simulator counts one token per whitespace-separated word of a prompt and
 * generates one word (with a leading space) per output token, and this tokenizer does the same. Its vocabulary
 * is the words of the built-in approximation (made-up syllable words, from which random prompts are drawn) plus
 * the English words the simulator generates; any other word encodes to the unknown id. Immutable.
 */
public final class SimulatorTokenizer implements Tokenizer {

  /** The model names the simulator serves (its profiles' {@code model}); kept in step by a test. */
  public static final Set<String> MODEL_NAMES = Set.of("simulated-model", "simulated-model-large");
  public static final String NAME = "simulator words (built in)";
  private static final String UNKNOWN_TEXT = " \uFFFD";
  private static final String[] GENERATED = {
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an",
    "they", "you", "were", "her", "she", "there", "one", "all", "we", "their", "can", "has", "more",
    "will", "would", "been", "if", "no", "when", "what", "so", "out", "up", "into", "time", "only",
    "new", "some", "could", "these", "two", "may", "first", "then", "do", "any", "like"
  };
  private static final SimulatorTokenizer INSTANCE = new SimulatorTokenizer();

  private final String[] textOfId;
  private final Map<String, Integer> idOfWord;
  private final int[] ordinaryIds;
  private final int unknownId;

  private SimulatorTokenizer() {
    List<String> words = syllableWords();
    ordinaryIds = new int[words.size()];
    for (int id = 0; id < ordinaryIds.length; id++) ordinaryIds[id] = id;
    for (String word : GENERATED) words.add(" " + word);
    unknownId = words.size();
    words.add(UNKNOWN_TEXT);
    textOfId = words.toArray(String[]::new);
    idOfWord = new HashMap<>(textOfId.length * 2);
    for (int id = 0; id < unknownId; id++) idOfWord.putIfAbsent(textOfId[id].substring(1), id);
  }

  public static SimulatorTokenizer instance() {
    return INSTANCE;
  }

  /** True when {@code modelName} is one the built-in simulator serves. */
  public static boolean servesModel(String modelName) {
    return modelName != null && MODEL_NAMES.contains(modelName);
  }

  /** The approximation's spaced letter words (" ba", " kelo"): each is one word, so one simulator token. */
  private static List<String> syllableWords() {
    int[] all = ApproximateTokenizer.instance().ordinaryTokenIds();
    String[] texts = ApproximateTokenizer.instance().decode(all).split("(?= )");
    List<String> words = new ArrayList<>();
    for (String text : texts) {
      if (text.length() > 1 && text.charAt(0) == ' ' && text.chars().skip(1).allMatch(Character::isLetter)) {
        words.add(text);
      }
    }
    return words;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public int[] ordinaryTokenIds() {
    return ordinaryIds;
  }

  @Override
  public int countTokens(String text, boolean addSpecialTokens) {
    return countTokens(text, 0, text.length());
  }

  /** Counts words in place: a response's chunks are counted from its one text buffer without copies. */
  @Override
  public int countTokens(CharSequence text, int start, int end) {
    int count = 0;
    boolean inWord = false;
    for (int i = start; i < end; i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) count++;
      inWord = !space;
    }
    return count;
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    IntList ids = new IntList(Math.max(4, text.length() / 4));
    int start = -1;
    for (int i = 0, n = text.length(); i <= n; i++) {
      boolean space = i == n || Character.isWhitespace(text.charAt(i));
      if (!space && start < 0) start = i;
      if (space && start >= 0) {
        ids.add(idOfWord.getOrDefault(text.substring(start, i), unknownId));
        start = -1;
      }
    }
    return ids.toArray();
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder(ids.length * 5);
    for (int id : ids) text.append(id >= 0 && id < textOfId.length ? textOfId[id] : UNKNOWN_TEXT);
    return text.toString();
  }
}
