/**
 * Metrics: how well predictions match targets, for classification and regression.
 *
 * <p>Classification targets are one-hot rows {@code [samples × classes]}, or one column of 0/1 for
 * a binary problem. A predicted class is the row's largest output; with one column, an output at or
 * above the decision threshold (0.5 for probabilities, 0 for logits) is class 1.
 */
package dev.nabla.metrics;
