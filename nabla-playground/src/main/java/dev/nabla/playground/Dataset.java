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
 */
record Dataset(
    double[][] trainInputs,
    double[][] trainTargets,
    double[][] testInputs,
    double[][] testTargets,
    int classes,
    String[] featureNames,
    int traceRow) {

  int features() {
    return featureNames.length;
  }

  int outputs() {
    return trainTargets[0].length;
  }
}
