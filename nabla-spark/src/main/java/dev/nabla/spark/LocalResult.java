package dev.nabla.spark;

import java.io.Serializable;

/**
 * What one partition sends back from a round of local SGD: its checkpoint's tensors after its local
 * steps (weights, buffers, optimizer state), the samples it trained on, the sum of their losses,
 * the training metrics' sums over its steps' predictions, how many steps it took, and how long they
 * took.
 */
record LocalResult(
    int partition,
    NamedTensors state,
    int samples,
    double lossSum,
    EpochMetrics metrics,
    int steps,
    long computeNanos)
    implements Serializable {}
