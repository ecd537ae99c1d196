/**
 * Checkpoints as values: everything a training run needs to continue exactly where it stopped —
 * weights, buffers, optimizer and schedule state, early-stopping state, histories and the epoch.
 * {@code TrainingSession.checkpoint()} takes one; nabla-io's {@code CheckpointFile} stores it.
 */
package dev.nabla.checkpoint;
