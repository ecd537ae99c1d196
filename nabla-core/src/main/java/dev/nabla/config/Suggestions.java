package dev.nabla.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean …?" for a misspelt name: the known name closest to the one given, by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours, ignoring case), if it is close
 * enough to be a slip — at most a third of the name's length, and at least one edit.
 */
public final class Suggestions {
  private Suggestions() {}

  /** {@code " (did you mean relu?)"}, or the empty text if no known name is close. */
  public static String didYouMean(String given, Collection<String> known) {
    String closest = closest(given, known);
    return closest == null ? "" : " (did you mean " + closest + "?)";
  }

  /** The closest known name, or null if none is close enough. */
  public static String closest(String given, Collection<String> known) {
    String lower = given.strip().toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int distance = distance(lower, name.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(1, lower.length() / 3);
    return bestDistance > 0 && bestDistance <= allowed ? best : null;
  }

  /**
   * The optimal-string-alignment distance: Levenshtein's, with a swap of neighbours as one edit.
   */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
