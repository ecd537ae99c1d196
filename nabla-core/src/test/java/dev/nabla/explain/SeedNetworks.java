package dev.nabla.explain;

import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.network.Network;
import dev.nabla.network.WeightLayouts;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** The seed notebooks' networks and samples, as the explain tests use them. */
final class SeedNetworks {
  private SeedNetworks() {}

  /** Seed 000's 1-2-2-1 ReLU network with the notebook's weights, bias in column 0. */
  static Network seed000() {
    Network network =
        Network.builder(1)
            .dense(2, Activations.relu())
            .dense(2, Activations.relu())
            .dense(1)
            .build();
    WeightLayouts.setFromBiasColumn(network, 0, new double[][] {{-0.1, 0.7}, {0.3, -0.2}});
    WeightLayouts.setFromBiasColumn(
        network, 2, new double[][] {{-0.2, 1.1, 0.2}, {-0.1, 0.5, -0.3}});
    WeightLayouts.setFromBiasColumn(network, 4, new double[][] {{0.1, 0.5, 2.3}});
    return network;
  }

  /** Seed 002's 3-3-3-3 network: ReLU, ReLU, softmax, every bias 0.3, the notebook's weights. */
  static Network seed002() {
    Network network =
        Network.builder(3)
            .biasInitializer(Initializers.constant(0.3))
            .dense(3, Activations.relu())
            .dense(3, Activations.relu())
            .dense(3, Activations.softmax())
            .build();
    double[][][] weights = {
      {{0.1, 0.2, 0.3}, {0.3, 0.2, 0.7}, {0.4, 0.3, 0.9}},
      {{0.2, 0.3, 0.5}, {0.3, 0.5, 0.7}, {0.6, 0.4, 0.8}},
      {{0.1, 0.4, 0.8}, {0.3, 0.7, 0.2}, {0.5, 0.2, 0.9}}
    };
    for (int layer = 0; layer < 3; layer++) {
      network.setParameter(
          "layers." + 2 * layer + ".weights",
          WeightLayouts.fromRowVectorConvention(DType.FLOAT64, weights[layer]));
    }
    return network;
  }

  static Tensor row(double... values) {
    return Tensor.matrix(DType.FLOAT64, new double[][] {values});
  }
}
