package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Features float32 cannot hold, or cannot tell apart, are refused before the cast. */
class FeatureRangeTest {
  private static Tensor column(double... values) {
    Tensor tensor = Tensor.zeros(DType.FLOAT64, values.length, 1);
    for (int row = 0; row < values.length; row++) {
      tensor.set(row, values[row]);
    }
    return tensor;
  }

  @Test
  void anUnscaledTimestampIsAllButConstantInFloat32() {
    Tensor timestamps = column(1.7e9, 1.7e9 + 20, 1.7e9 + 45, 1.7e9 + 90);
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureRange.check(timestamps, DType.FLOAT32, List.of("ts"), "ts.csv"))
            .getMessage();
    assertTrue(message.startsWith("ts.csv: feature 'ts' varies by "), message);
    assertTrue(message.contains("steps of 128"), message);
    FeatureRange.check(timestamps, DType.FLOAT64, List.of("ts"), "ts.csv");
    FeatureRange.check(column(-1.2, 0.3, 0.9, 1.7), DType.FLOAT32, List.of("z"), "z.csv");
  }

  @Test
  void valuesBeyondFloat32AreRefusedNamingTheRow() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureRange.check(column(1, 1e200), DType.FLOAT32, List.of("x"), "x.csv"))
            .getMessage();
    assertTrue(message.startsWith("x.csv: feature 'x' is 1.0E200 after scaling in row 2"), message);
  }
}
