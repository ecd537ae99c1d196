/**
 * A recipe trained on a data set as {@code nabla train} trains it — held-out parts split off by the
 * recipe, scaling fitted on the training part, the output layer checked against the data — ending
 * in a model that {@code nabla predict}, {@code evaluate} and {@code ModelFile} read.
 */
package dev.nabla.io.training;
