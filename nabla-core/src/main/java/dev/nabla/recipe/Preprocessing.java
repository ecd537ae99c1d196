package dev.nabla.recipe;

import dev.nabla.config.Suggestions;
import java.util.List;
import java.util.Objects;

/**
 * What is done to the data before training: the fraction held out for testing, whether the held-out
 * parts keep the class proportions, and how features are scaled (fitted on the training part only).
 * The validation fraction is the training configuration's.
 *
 * @param scaling {@code standard} (zero mean, unit variance), {@code minmax} (to [0, 1]) or {@code
 *     none}
 * @param testSplit the fraction held out for testing, in [0, 1)
 * @param stratify whether the splits keep each class's share
 */
public record Preprocessing(String scaling, double testSplit, boolean stratify) {
  /** The scalings there are. */
  public static final List<String> SCALINGS = List.of("standard", "minmax", "none");

  /** Standard scaling, nothing held out for testing, no stratification. */
  public static final Preprocessing DEFAULT = new Preprocessing("standard", 0, false);

  /**
   * @throws IllegalArgumentException naming the value at fault
   */
  public Preprocessing {
    Objects.requireNonNull(scaling, "scaling");
    if (!SCALINGS.contains(scaling)) {
      throw new IllegalArgumentException(
          "scaling must be one of "
              + String.join(", ", SCALINGS)
              + ", got '"
              + scaling
              + "'"
              + Suggestions.didYouMean(scaling, SCALINGS));
    }
    if (!(testSplit >= 0 && testSplit < 1)) {
      throw new IllegalArgumentException("testSplit must be in [0, 1), got " + testSplit);
    }
  }
}
