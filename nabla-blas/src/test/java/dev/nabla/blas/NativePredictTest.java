package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} on a backend that threads its own products reads a batch of up to 16,384 rows in
 * place and splits a larger one into blocks; both give the outputs of {@code forward} in inference
 * mode, bit for bit, and leave the input alone.
 */
class NativePredictTest {
  @Test
  void predictIsForwardInInferenceModeInOneBlockAndInSeveral() {
    assertTrue(MatrixBackends.current().usesAllCores(), MatrixBackends.report().toString());
    Network network =
        Network.builder(5)
            .dtype(DType.FLOAT32)
            .seed(4)
            .dense(64, Activations.relu())
            .dense(32, Activations.relu())
            .dense(3)
            .build();
    SplittableRandom random = new SplittableRandom(5);
    for (int rows : new int[] {300, 20_000}) {
      Tensor x = Tensor.zeros(DType.FLOAT32, rows, 5);
      for (int index = 0; index < x.size(); index++) {
        x.set(index, random.nextGaussian());
      }
      double[] input = x.toDoubleArray();
      double[] predicted = network.predict(x).toDoubleArray();
      assertArrayEquals(input, x.toDoubleArray(), "predict leaves its input alone");
      network.setTraining(false);
      assertArrayEquals(network.forward(x).toDoubleArray(), predicted, rows + " rows");
    }
  }
}
