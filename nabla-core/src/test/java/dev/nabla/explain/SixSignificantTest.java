package dev.nabla.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Formula's six significant digits are the formatter's {@code %.6g}, written without it. */
class SixSignificantTest {
  @Test
  void agreesWithTheFormattersG() {
    double[] chosen = {
      1.9799999999999998,
      -8.534,
      12.600200000000003,
      1e-8,
      1.23456789e-5,
      0.0001,
      0.00012345,
      999999.5,
      999999.4,
      123456.75,
      1e6,
      -1e300,
      4.9e-324,
      0.5,
      2.5e-5,
      1.0000049999,
      9.9999995
    };
    for (double value : chosen) {
      assertEquals(
          String.format(Locale.ROOT, "%.6g", value), Formula.sixSignificant(value), "" + value);
    }
    SplittableRandom random = new SplittableRandom(1);
    for (int draw = 0; draw < 20_000; draw++) {
      double value =
          (random.nextBoolean() ? 1 : -1)
              * random.nextDouble()
              * Math.pow(10, random.nextInt(-12, 12));
      if (value != 0) {
        assertEquals(
            String.format(Locale.ROOT, "%.6g", value), Formula.sixSignificant(value), "" + value);
      }
    }
  }
}
