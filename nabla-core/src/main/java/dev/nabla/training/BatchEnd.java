package dev.nabla.training;

/**
 * The end of a training step.
 *
 * @param epoch 1 for the first
 * @param epochs the most epochs the run will take
 * @param batch 1 for the first of the epoch
 * @param batches batches in the epoch
 * @param loss the batch's loss, measured before its update
 * @param learningRate the rate of the step
 * @param steps optimizer steps taken since training began, this one included
 * @param samplesPerSecond throughput since the epoch began
 */
public record BatchEnd(
    int epoch,
    int epochs,
    int batch,
    int batches,
    double loss,
    double learningRate,
    long steps,
    double samplesPerSecond) {}
