package dev.nabla.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model through onnxruntime's Java API. */
final class OnnxRuntimes {
  private OnnxRuntimes() {}

  /** Every output of the model for {@code features} in {@code dtype}, as float64 tensors. */
  static Map<String, Tensor> run(byte[] model, Tensor features, DType dtype) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // One thread: the machine is shared, and results do not depend on the split.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = environment.createSession(model, options)) {
        String input = session.getInputNames().iterator().next();
        int rows = features.rows();
        int columns = features.columns();
        OnnxTensor tensor;
        if (dtype == DType.FLOAT32) {
          float[][] values = new float[rows][columns];
          for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
              values[row][column] = (float) features.get(row, column);
            }
          }
          tensor = OnnxTensor.createTensor(environment, values);
        } else {
          tensor = OnnxTensor.createTensor(environment, features.toDoubleMatrix());
        }
        try (tensor;
            OrtSession.Result result = session.run(Map.of(input, tensor))) {
          Map<String, Tensor> outputs = new LinkedHashMap<>();
          result.forEach(
              entry -> {
                try {
                  Object value = entry.getValue().getValue();
                  outputs.put(entry.getKey(), toTensor(value));
                } catch (OrtException e) {
                  throw new IllegalStateException(e);
                }
              });
          return outputs;
        }
      }
    }
  }

  private static Tensor toTensor(Object value) {
    if (value instanceof float[][] floats) {
      double[][] rows = new double[floats.length][];
      for (int row = 0; row < floats.length; row++) {
        rows[row] = new double[floats[row].length];
        for (int column = 0; column < floats[row].length; column++) {
          rows[row][column] = floats[row][column];
        }
      }
      return Tensor.matrix(DType.FLOAT64, rows);
    }
    if (value instanceof double[][] doubles) {
      return Tensor.matrix(DType.FLOAT64, doubles);
    }
    throw new IllegalStateException("an output of " + value.getClass());
  }
}
