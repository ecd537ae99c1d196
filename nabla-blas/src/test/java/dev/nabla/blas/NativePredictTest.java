package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} on a native backend — threading its own products, or, with {@code
 * -Dnabla.parallelism=shards} (the default), one product per thread on a block of rows per core —
 * reads a batch in place while it is one block (its widest hidden layer holding up to 2²² elements,
 * 65,536 rows of 64 units here) and splits a larger one into blocks; both give the outputs of
 * {@code forward} in inference mode and leave the input alone. Not bit for bit: OpenBLAS picks its
 * kernels by a product's shape, so a row at a block's edge may sum in another order than in one
 * product over all rows (seen: 0.013118081 against 0.013118088, a float32 rounding). The Java
 * kernels do give the same bits ({@code BufferedPassTest}).
 */
class NativePredictTest {
  @Test
  void predictIsForwardInInferenceModeInOneBlockAndInSeveral() {
    assertTrue(MatrixBackends.current().prefersLargeProducts(), MatrixBackends.report().toString());
    Network network =
        Network.builder(5)
            .dtype(DType.FLOAT32)
            .seed(4)
            .dense(64, Activations.relu())
            .dense(32, Activations.relu())
            .dense(3)
            .build();
    SplittableRandom random = new SplittableRandom(5);
    for (int rows : new int[] {300, 70_000}) {
      Tensor x = Tensor.zeros(DType.FLOAT32, rows, 5);
      for (int index = 0; index < x.size(); index++) {
        x.set(index, random.nextGaussian());
      }
      double[] input = x.toDoubleArray();
      double[] predicted = network.predict(x).toDoubleArray();
      assertArrayEquals(input, x.toDoubleArray(), "predict leaves its input alone");
      network.setTraining(false);
      double[] expected = network.forward(x).toDoubleArray();
      for (int index = 0; index < expected.length; index++) {
        // A few float32 roundings (2⁻²⁴ relative each) apart at most.
        double tolerance = 1e-5 * Math.max(1, Math.abs(expected[index]));
        assertEquals(
            expected[index], predicted[index], tolerance, rows + " rows, element " + index);
      }
    }
  }
}
