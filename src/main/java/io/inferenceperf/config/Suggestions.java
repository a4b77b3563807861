package io.inferenceperf.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" by edit distance, for misspelt keys, enum values and flags. */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}, if close enough to be a plausible typo. Spelling variants that only
   * differ in case, '_' or '-' (baseUrl, base-url) always match.
   */
  static Optional<String> closest(String typed, Collection<String> candidates) {
    String typedKey = normalise(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (normalise(candidate).equals(typedKey)) {
        return Optional.of(candidate);
      }
      int d = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= allowedDistance(typed) ? Optional.of(best) : Optional.empty();
  }

  /** The candidate that differs from {@code typed} only in case, '_' or '-', if any. */
  static Optional<String> sameSpelling(String typed, Collection<String> candidates) {
    String typedKey = normalise(typed);
    return candidates.stream().filter(c -> normalise(c).equals(typedKey)).findFirst();
  }

  /** " (did you mean X?)" or "". */
  static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
  }

  private static int allowedDistance(String typed) {
    int n = typed.length();
    return n <= 4 ? 1 : n <= 8 ? 2 : 3;
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Damerau-Levenshtein (optimal string alignment): swaps of neighbours count as one edit. */
  static int distance(String a, String b) {
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
}
