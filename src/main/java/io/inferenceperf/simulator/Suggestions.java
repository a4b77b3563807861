package io.inferenceperf.simulator;

import java.util.Collection;

/** "Did you mean" for misspelt option names: the closest known name by edit distance, if close enough. */
final class Suggestions {
  private Suggestions() {}

  static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(word, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, word.length() / 3);
    if (bestDistance <= allowed) {
      return best;
    }
    return containingAllParts(word, candidates);
  }

  /** A candidate holding every underscore-separated part of the word, e.g. max_seqs -> max_num_seqs. */
  private static String containingAllParts(String word, Collection<String> candidates) {
    java.util.List<String> parts = java.util.Arrays.asList(word.split("_"));
    for (String candidate : candidates) {
      if (java.util.Arrays.asList(candidate.split("_")).containsAll(parts)) {
        return candidate;
      }
    }
    return null;
  }

  /** Levenshtein distance (insert, delete, substitute each cost 1). */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
