package dev.nabla.io.model;

import dev.nabla.activations.Activations;
import dev.nabla.io.data.Scaler;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes the frozen model files under {@code src/test/resources/models}. They are written once per
 * format version and then never again: {@link ModelFileTest} checks that every one still loads. Run
 * from {@code nabla-io}: {@code java -cp target/classes:target/test-classes:... FrozenModels}.
 */
final class FrozenModels {
  private FrozenModels() {}

  /** A small classifier using every kind of layer, with a fixed seed. */
  static Model version1Example() {
    Network network =
        Network.builder(3)
            .seed(42)
            .dense(4, Activations.relu())
            .batchNorm()
            .dropout(0.25)
            .dense(2)
            .build();
    Scaler scaler =
        Scaler.fit("standard", Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1, 2}, {2, 5, 4}}));
    return new Model(
        network,
        "softmax_cross_entropy",
        scaler,
        List.of("a", "b", "c"),
        List.of("no", "yes"),
        Map.of("seed", "42", "note", "frozen example of format version 1"));
  }

  public static void main(String[] args) throws IOException {
    ModelFile.write(Path.of("src/test/resources/models/version-1.nabla"), version1Example());
  }
}
