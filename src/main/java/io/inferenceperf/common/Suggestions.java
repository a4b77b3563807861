package io.inferenceperf.common;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for misspelt names: config keys, command-line flags, enum values and simulator options. One
 * rule for all of them, in this order:
 *
 * <ol>
 *   <li>a candidate spelt the same but for case, '_' and '-' (baseUrl, base-url for base_url);
 *   <li>else the candidate at the smallest edit distance (swapped neighbours count as one edit), if that distance
 *       is plausible for a typo of that length: 1 up to 4 characters, 2 up to 8, else 3;
 *   <li>else, for a name of several '_'/'-' separated words, the first candidate holding every one of those words
 *       (max_seqs for max_num_seqs, worker_concurrency for worker_max_concurrency).
 * </ol>
 */
public final class Suggestions {

  private Suggestions() {}

  /** The candidate {@code typed} most plausibly meant, if any. */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    Optional<String> respelt = sameSpelling(typed, candidates);
    if (respelt.isPresent()) {
      return respelt;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String typedLower = typed.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(typedLower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= allowedDistance(typed)) {
      return Optional.of(best);
    }
    return holdingEveryWord(typed, candidates);
  }

  /** The candidate that differs from {@code typed} only in case, '_' or '-', if any. */
  public static Optional<String> sameSpelling(String typed, Collection<String> candidates) {
    String typedKey = normalise(typed);
    return candidates.stream().filter(c -> normalise(c).equals(typedKey)).findFirst();
  }

  /** " (did you mean X?)" or "". */
  public static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
  }

  /** Damerau-Levenshtein distance (optimal string alignment): swaps of neighbours count as one edit. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static int allowedDistance(String typed) {
    int n = typed.length();
    return n <= 4 ? 1 : n <= 8 ? 2 : 3;
  }

  /** With two or more words in {@code typed}: the first candidate whose words include all of them. */
  private static Optional<String> holdingEveryWord(String typed, Collection<String> candidates) {
    List<String> words = words(typed);
    if (words.size() < 2) {
      return Optional.empty();
    }
    return candidates.stream().filter(c -> words(c).containsAll(words)).findFirst();
  }

  private static List<String> words(String name) {
    return Arrays.stream(name.toLowerCase(Locale.ROOT).split("[_-]+")).filter(w -> !w.isEmpty()).toList();
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }
}
