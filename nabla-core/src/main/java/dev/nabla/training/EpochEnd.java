package dev.nabla.training;

import java.util.Map;

/**
 * The end of an epoch.
 *
 * @param epoch 1 for the first
 * @param epochs the most epochs the run will take
 * @param loss the epoch's training loss (see {@link Trainer})
 * @param steps optimizer steps taken since training began
 * @param learningRate the rate the epoch trained with
 * @param metrics in the order measured: {@code validation loss} and every metric by name, training
 *     ones plain ({@code accuracy}) and validation ones prefixed ({@code validation accuracy})
 * @param samplesPerSecond training throughput over the epoch, validation excluded
 */
public record EpochEnd(
    int epoch,
    int epochs,
    double loss,
    long steps,
    double learningRate,
    Map<String, Double> metrics,
    double samplesPerSecond) {
  public EpochEnd {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
