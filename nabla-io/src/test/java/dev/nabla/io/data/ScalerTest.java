package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scalers at the edges of double precision, splits that leave nothing to train on, data sets. */
class ScalerTest {
  /** The variance of 1e200-sized values overflowed to Infinity, and every input scaled to 0. */
  @Test
  void standardScalingOfHugeFeaturesDoesNotOverflow() {
    Tensor features =
        Tensor.matrix(
            DType.FLOAT64, new double[][] {{1e200, -1e308, 1e-300}, {3e200, 1e308, 3e-300}});
    Scaler scaler = Scaler.fit("standard", features);
    assertArrayEquals(new double[] {2e200, 0, 2e-300}, scaler.offset(), 1e-300);
    assertArrayEquals(
        new double[] {-1, -1, -1, 1, 1, 1}, scaler.transform(features).toDoubleArray(), 1e-12);
  }

  @Test
  void scalingValuesNearTheLargestDoubleDoesNotOverflow() {
    Tensor features =
        Tensor.matrix(DType.FLOAT64, new double[][] {{-1.7e308}, {1.7e308}, {1.7e308}, {1.7e308}});
    double[] scaled = Scaler.fit("standard", features).transform(features).toDoubleArray();
    assertArrayEquals(
        new double[] {-Math.sqrt(3), 1 / Math.sqrt(3)}, new double[] {scaled[0], scaled[1]}, 1e-12);
  }

  @Test
  void aRangeTooWideForADoubleIsRefused() {
    Tensor features = Tensor.matrix(DType.FLOAT64, new double[][] {{1, -1e308}, {2, 1e308}});
    assertEquals(
        "feature column 2 spans -1.0E308 to 1.0E308, too wide to scale to [0, 1]; use standard"
            + " scaling",
        assertThrows(DataException.class, () -> Scaler.fit("minmax", features)).getMessage());
  }

  @Test
  void aScalerIsCheckedWhenMade() {
    assertEquals(
        "scale 2 is -1.0; every scale must be a positive finite number",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scaler("standard", new double[] {0, 0}, new double[] {1, -1}))
            .getMessage());
    assertEquals(
        "offset 1 is NaN; every offset must be a finite number",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scaler("minmax", new double[] {Double.NaN}, new double[] {1}))
            .getMessage());
    assertEquals(
        "unknown scaling 'zscore'; expected standard, minmax or none",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scaler("zscore", new double[] {0}, new double[] {1}))
            .getMessage());
    assertEquals(
        "no samples to fit the scaling to",
        assertThrows(
                DataException.class,
                () -> Scaler.fit("standard", Tensor.zeros(DType.FLOAT64, 0, 2)))
            .getMessage());
  }

  @Test
  void aSplitMustLeaveSamplesToTrainOn() {
    Tensor features = Tensor.matrix(DType.FLOAT64, new double[][] {{1}, {2}});
    Tensor targets = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}});
    Dataset data = new Dataset(features, targets, List.of("x"), List.of("a", "b"), "two.csv");
    assertEquals(
        "two.csv: 2 samples are too few to hold out 0.4 for validation and 0.5 for testing and"
            + " train on the rest",
        assertThrows(IllegalArgumentException.class, () -> Splits.split(data, 0.4, 0.5, false, 1))
            .getMessage());
  }

  @Test
  void aDatasetHasOneNamePerFeature() {
    Tensor features = Tensor.zeros(DType.FLOAT64, 2, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, 2, 1);
    assertEquals(
        "d.csv: 2 feature columns but 1 feature names [x]",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Dataset(features, targets, List.of("x"), List.of(), "d.csv"))
            .getMessage());
  }
}
