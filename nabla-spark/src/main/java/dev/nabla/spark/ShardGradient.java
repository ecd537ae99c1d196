package dev.nabla.spark;

import java.io.Serializable;

/**
 * What one partition sends back from a synchronous step: the gradient sums of its share of the
 * global batch (see {@link dev.nabla.training.BatchGradient}), its buffers after the forward pass
 * (batch normalisation's running statistics), and how many samples it covered.
 */
record ShardGradient(
    int partition, NamedTensors sums, NamedTensors buffers, int samples, double lossSum)
    implements Serializable {}
