package dev.nabla.training;

import dev.nabla.tracing.Trace;

/**
 * What one {@link TrainingSession#step()} did.
 *
 * @param epoch the epoch the step belongs to, 1 for the first
 * @param batch the batch within the epoch, 1 for the first
 * @param batches batches in each epoch
 * @param loss the batch's loss, weight penalties included, measured before its update
 * @param indices the rows of the data given to the session that the batch took, in order (rows held
 *     out by a validation split never appear); copied
 * @param updated whether the weights changed: false only when the epoch's loss reached the target
 *     loss at this, its last batch, and training stopped before updating
 * @param trace every value of the step's forward and backward pass, if asked for; else null
 * @param epochEnd if this step ended an epoch, what the epoch measured; else null
 */
public record StepResult(
    int epoch,
    int batch,
    int batches,
    double loss,
    int[] indices,
    boolean updated,
    Trace trace,
    EpochEnd epochEnd) {
  public StepResult {
    indices = indices.clone();
  }

  /** The rows of the training data the batch took; copied. */
  @Override
  public int[] indices() {
    return indices.clone();
  }
}
