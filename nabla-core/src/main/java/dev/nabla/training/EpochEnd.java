package dev.nabla.training;

/**
 * The end of an epoch.
 *
 * @param epoch 1 for the first
 * @param loss the epoch's loss (see {@link Trainer})
 * @param steps optimizer steps taken since training began
 */
public record EpochEnd(int epoch, double loss, long steps) {}
