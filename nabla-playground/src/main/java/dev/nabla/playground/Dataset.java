package dev.nabla.playground;

/**
 * The data the page trains on: training and test rows, and how to read the targets.
 *
 * @param trainInputs {@code [rows][features]}
 * @param trainTargets {@code [rows][outputs]}: one-hot rows for classes, else values
 * @param testInputs the held-out rows, possibly none
 * @param testTargets their targets
 * @param classes the number of classes, or 0 for values (regression)
 * @param featureNames a name per feature
 * @param traceRow the training row a traced pass takes first (seed 000's x = 2)
 * @param labelNames the class of each output, empty for values
 * @param offset the features' scaling offsets ({@code x′ = (x − offset) / scale}), null for none
 * @param scale the features' scales, null for none
 */
record Dataset(
    double[][] trainInputs,
    double[][] trainTargets,
    double[][] testInputs,
    double[][] testTargets,
    int classes,
    String[] featureNames,
    int traceRow,
    String[] labelNames,
    double[] offset,
    double[] scale) {

  /** The same data held out and scaled differently. */
  Dataset with(
      double[][] trainInputs,
      double[][] trainTargets,
      double[][] testInputs,
      double[][] testTargets,
      double[] offset,
      double[] scale) {
    return new Dataset(
        trainInputs,
        trainTargets,
        testInputs,
        testTargets,
        classes,
        featureNames,
        traceRow,
        labelNames,
        offset,
        scale);
  }

  /** Class names 0, 1, … for {@code classes} classes. */
  static String[] numbered(int classes) {
    String[] names = new String[classes];
    for (int at = 0; at < classes; at++) {
      names[at] = String.valueOf(at);
    }
    return names;
  }

  int features() {
    return featureNames.length;
  }

  int outputs() {
    return trainTargets[0].length;
  }
}
