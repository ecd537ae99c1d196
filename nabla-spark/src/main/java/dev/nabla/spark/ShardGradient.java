package dev.nabla.spark;

import java.io.Serializable;

/**
 * What one partition sends back from a synchronous step: the gradient sums of its share of the
 * global batch (see {@link dev.nabla.training.BatchGradient}), its buffers after the forward pass
 * (batch normalisation's running statistics), how many samples it covered, the sums of the training
 * metrics over its predictions, and how long its forward and backward pass took.
 */
record ShardGradient(
    int partition,
    NamedTensors sums,
    NamedTensors buffers,
    int samples,
    double lossSum,
    EpochMetrics metrics,
    long computeNanos)
    implements Serializable {}
