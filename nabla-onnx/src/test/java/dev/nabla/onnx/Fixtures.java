package dev.nabla.onnx;

import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Models with random weights and random inputs for the ONNX tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A model of {@code network} with a fitted-looking standard scaler, or none; a classifier if
   * {@code loss} takes classes.
   */
  static Model model(Network network, String loss, String scaling, long seed) {
    Random random = new Random(seed);
    int inputs = network.inputSize();
    double[] offset = new double[inputs];
    double[] scale = new double[inputs];
    for (int i = 0; i < inputs; i++) {
      offset[i] = scaling.equals("none") ? 0 : random.nextGaussian() * 3;
      scale[i] = scaling.equals("none") ? 1 : 0.5 + 2 * random.nextDouble();
    }
    List<String> features = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      features.add("feature" + i);
    }
    List<String> labels = new ArrayList<>();
    boolean classifier = loss.equals("mse_classes") || dev.nabla.losses.Losses.takesClasses(loss);
    if (classifier) {
      for (int i = 0; i < network.outputSize(); i++) {
        labels.add("class" + i);
      }
    }
    return new Model(
        network,
        loss.equals("mse_classes") ? "mse" : loss,
        new Scaler(scaling, offset, scale),
        features,
        labels,
        Map.of("test", "onnx"));
  }

  /** Random weights drawn again, and batch-norm statistics made far from 0 and 1. */
  static Network randomized(Network network, long seed) {
    Random random = new Random(seed);
    network.parameters().values().forEach(p -> fill(p.value(), random, 0.8, 0));
    for (Map.Entry<String, Tensor> buffer : network.buffers().entrySet()) {
      if (buffer.getKey().endsWith("runningVariance")) {
        fill(buffer.getValue(), random, 0.5, 1.0);
      } else {
        fill(buffer.getValue(), random, 0.5, 0);
      }
    }
    return network;
  }

  private static void fill(Tensor tensor, Random random, double spread, double positive) {
    for (int i = 0; i < tensor.size(); i++) {
      tensor.set(
          i,
          positive > 0 ? positive + spread * random.nextDouble() : spread * random.nextGaussian());
    }
  }

  /** Raw features around the scaler's offsets: {@code [rows × columns]} Gaussian, spread 3. */
  static Tensor features(int rows, int columns, long seed) {
    Random random = new Random(seed);
    Tensor features = Tensor.zeros(DType.FLOAT64, rows, columns);
    for (int i = 0; i < features.size(); i++) {
      features.set(i, random.nextGaussian() * 3);
    }
    return features;
  }
}
