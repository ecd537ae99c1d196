package dev.nabla.network;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;

/**
 * The seed notebooks' ways of writing a dense layer's weights, converted to and from Nabla's {@code
 * W: [out × in]}, {@code b: [out]}.
 *
 * <ul>
 *   <li><b>Bias column</b> (notebook 000): one matrix {@code [out × (1 + in)]} applied to the input
 *       with a 1 prepended, so column 0 is the bias and columns 1.. are {@code W}.
 *   <li><b>Row-vector convention</b> (notebooks 001, 002, 004): {@code next = x @ V + b} with
 *       {@code V: [in × out]}, so {@code V = Wᵀ}.
 * </ul>
 */
public final class WeightLayouts {
  private WeightLayouts() {}

  /**
   * Sets the weights and bias of dense layer {@code layerIndex} from a bias-column matrix.
   *
   * @param augmented {@code [out × (1 + in)]}, column 0 the bias; copied
   * @throws ShapeException if its size does not fit the layer
   */
  public static void setFromBiasColumn(Network network, int layerIndex, double[][] augmented) {
    String weightsName = ParameterName.text(layerIndex, "weights");
    Tensor weights = network.parameter(weightsName).value();
    int out = weights.rows();
    int in = weights.columns();
    if (augmented.length != out) {
      throw new ShapeException(
          "bias-column matrix for "
              + weightsName
              + " "
              + weights.shape()
              + ": expected "
              + out
              + " rows of 1 + "
              + in
              + " values, got "
              + augmented.length
              + " rows");
    }
    double[][] plain = new double[out][in];
    double[] bias = new double[out];
    for (int row = 0; row < out; row++) {
      if (augmented[row].length != in + 1) {
        throw new ShapeException(
            "bias-column matrix for "
                + weightsName
                + ", row "
                + row
                + ": expected 1 + "
                + in
                + " values, got "
                + augmented[row].length);
      }
      bias[row] = augmented[row][0];
      System.arraycopy(augmented[row], 1, plain[row], 0, in);
    }
    network.setParameter(weightsName, Tensor.matrix(DType.FLOAT64, plain));
    network.setParameter(
        ParameterName.text(layerIndex, "bias"), Tensor.vector(DType.FLOAT64, bias));
  }

  /**
   * {@code [out × (1 + in)]} with {@code bias} in column 0 and {@code weights} after it: how
   * notebook 000 prints a layer's weights, or (given gradients) its gradients.
   */
  public static double[][] toBiasColumn(Tensor weights, Tensor bias) {
    double[][] augmented = new double[weights.rows()][weights.columns() + 1];
    for (int row = 0; row < weights.rows(); row++) {
      augmented[row][0] = bias.get(row);
      for (int column = 0; column < weights.columns(); column++) {
        augmented[row][column + 1] = weights.get(row, column);
      }
    }
    return augmented;
  }

  /** {@code W = Vᵀ}: Nabla's {@code [out × in]} weights from a row-vector {@code V: [in × out]}. */
  public static Tensor fromRowVectorConvention(DType dtype, double[][] inputsByOutputs) {
    return transpose(Tensor.matrix(dtype, inputsByOutputs));
  }

  /** {@code V = Wᵀ}: the row-vector {@code [in × out]} form of {@code W: [out × in]}. */
  public static double[][] toRowVectorConvention(Tensor weights) {
    return transpose(weights).toDoubleMatrix();
  }

  private static Tensor transpose(Tensor matrix) {
    Tensor transposed = Tensor.zeros(matrix.dtype(), matrix.columns(), matrix.rows());
    for (int row = 0; row < matrix.rows(); row++) {
      for (int column = 0; column < matrix.columns(); column++) {
        transposed.set(column, row, matrix.get(row, column));
      }
    }
    return transposed;
  }
}
