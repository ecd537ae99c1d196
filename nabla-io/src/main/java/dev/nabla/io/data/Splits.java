package dev.nabla.io.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded splits of a data set into training, validation and test parts. */
public final class Splits {
  private Splits() {}

  /**
   * The three parts of a split.
   *
   * @param validation empty (zero rows) when no fraction was asked for
   * @param test empty when no fraction was asked for
   */
  public record Split(Dataset training, Dataset validation, Dataset test) {}

  /**
   * Splits {@code data} by a seeded shuffle: {@code validationFraction} and {@code testFraction} of
   * the samples (rounded to whole samples) go to validation and test. With {@code stratified}, each
   * class is split on its own, so every part keeps the class proportions.
   */
  public static Split split(
      Dataset data, double validationFraction, double testFraction, boolean stratified, long seed) {
    int[][] parts = parts(data, validationFraction, testFraction, stratified, seed);
    return new Split(data.rows(parts[0]), data.rows(parts[1]), data.rows(parts[2]));
  }

  /**
   * The same split, but when nothing is held out the training part is {@code data} itself, its rows
   * reordered in place rather than copied: for data read only to be trained on, this halves the
   * memory the split needs (Fashion-MNIST's images are 188 MB in float32). Otherwise it is {@link
   * #split}.
   */
  public static Split splitInPlace(
      Dataset data, double validationFraction, double testFraction, boolean stratified, long seed) {
    int[][] parts = parts(data, validationFraction, testFraction, stratified, seed);
    if (parts[1].length > 0 || parts[2].length > 0) {
      return new Split(data.rows(parts[0]), data.rows(parts[1]), data.rows(parts[2]));
    }
    data.features().permuteRowsInPlace(parts[0]);
    data.targets().permuteRowsInPlace(parts[0]);
    return new Split(data, data.rows(parts[1]), data.rows(parts[2]));
  }

  /** The training, validation and test rows, in that order. */
  private static int[][] parts(
      Dataset data, double validationFraction, double testFraction, boolean stratified, long seed) {
    if (!(validationFraction >= 0)
        || !(testFraction >= 0)
        || validationFraction + testFraction >= 1) {
      throw new IllegalArgumentException(
          "validation and test fractions must be ≥ 0 and leave some training data, got "
              + validationFraction
              + " and "
              + testFraction);
    }
    if (stratified && !data.isClassification()) {
      throw new IllegalArgumentException(
          "a stratified split needs class labels; this data set has none");
    }
    List<List<Integer>> groups = new ArrayList<>();
    if (stratified) {
      int[] classes = data.classes();
      for (int c = 0; c < data.labelNames().size(); c++) {
        groups.add(new ArrayList<>());
      }
      for (int row = 0; row < classes.length; row++) {
        groups.get(classes[row]).add(row);
      }
    } else {
      List<Integer> all = new ArrayList<>();
      for (int row = 0; row < data.size(); row++) {
        all.add(row);
      }
      groups.add(all);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> training = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> group : groups) {
      for (int index = group.size() - 1; index > 0; index--) {
        int other = random.nextInt(index + 1);
        Integer swap = group.get(index);
        group.set(index, group.get(other));
        group.set(other, swap);
      }
      int testCount = (int) Math.round(testFraction * group.size());
      int validationCount = (int) Math.round(validationFraction * group.size());
      // Rounding may hold out a small class whole, which training would then never see: one
      // sample of every class stays in training, taken from validation first.
      if (stratified && !group.isEmpty() && testCount + validationCount >= group.size()) {
        validationCount = Math.max(0, group.size() - 1 - testCount);
        testCount = Math.min(testCount, group.size() - 1 - validationCount);
      }
      test.addAll(group.subList(0, testCount));
      validation.addAll(group.subList(testCount, testCount + validationCount));
      training.addAll(group.subList(testCount + validationCount, group.size()));
    }
    if (training.isEmpty()) {
      throw new IllegalArgumentException(
          data.source()
              + ": "
              + data.size()
              + " samples are too few to hold out "
              + validationFraction
              + " for validation and "
              + testFraction
              + " for testing and train on the rest");
    }
    return new int[][] {array(training), array(validation), array(test)};
  }

  private static int[] array(List<Integer> rows) {
    int[] indices = new int[rows.size()];
    for (int index = 0; index < indices.length; index++) {
      indices[index] = rows.get(index);
    }
    return indices;
  }
}
