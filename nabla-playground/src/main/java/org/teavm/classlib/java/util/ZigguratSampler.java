package org.teavm.classlib.java.util;

import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_ALIAS_MAP;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_ALIAS_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_ALIAS_THRESHOLD;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_CONVEX_MARGIN;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_LAYER_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_NUMBER_OF_LAYERS;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_SIGN_CORRECTION_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_X;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_X0;
import static org.teavm.classlib.java.util.ZigguratTables.EXPONENTIAL_Y;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_ALIAS_MAP;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_ALIAS_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_ALIAS_THRESHOLD;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_CONCAVE_MARGIN;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_CONVEX_MARGIN;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_INFLECTION_INDEX;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_LAYER_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_NUMBER_OF_LAYERS;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_SIGN_CORRECTION_MASK;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_X;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_X0;
import static org.teavm.classlib.java.util.ZigguratTables.NORMAL_Y;

import java.util.random.RandomGenerator;

/**
 * Normal and exponential draws as JDK 17's {@code RandomGenerator.nextGaussian()} and {@code
 * nextExponential()} make them, so that a generator with the JDK's {@code nextLong()} sequence
 * draws the JDK's values bit for bit: McFarland's modified ziggurat (C. D. McFarland, "A modified
 * ziggurat algorithm for generating exponentially and normally distributed pseudorandom numbers",
 * J. Stat. Comput. Simul. 86(7), 2016), with the JDK's tables ({@link ZigguratTables}).
 *
 * <p>The density is covered by {@code L} layers of equal area, each a rectangle: layer {@code i}
 * has width {@code X[i]·2⁶³} and spans heights {@code Y[i-1]} to {@code Y[i]} (scaled by 2⁻⁶³). One
 * 64-bit draw picks a layer with its low 8 bits; in more than 98% of draws the layer is a
 * rectangle's inside and the result is {@code X[i]} times the draw itself. Otherwise a second draw
 * picks, by Walker's alias method, either the tail (0) or the overhang {@code j} of a layer, the
 * sliver between its rectangle and the curve, and a point in that overhang's bounding box is drawn
 * until it lies under the curve. The bounding box's diagonal separates what is surely under a
 * convex curve (or surely over a concave one) from what needs {@code exp}; the margins widen that
 * shortcut by the curve's largest distance from the diagonal.
 *
 * <p>Every arithmetic step is the JDK's, in its order: the results depend on it. {@code Math.exp}
 * only decides whether a point is accepted, so a last-bit difference in a browser's {@code exp}
 * could change a draw only if a point fell within one unit in the last place of the curve.
 */
final class ZigguratSampler {
  /** 2⁶³: the tables' x and y are scaled by its inverse, the draws' 63 bits by it. */
  private static final double TWO_63 = 0x1.0p63;

  private ZigguratSampler() {}

  /**
   * A standard normal draw, as JDK 17's {@code RandomSupport.computeNextGaussian}.
   *
   * @param random the source of 64-bit draws
   * @return the draw
   */
  static double normal(RandomGenerator random) {
    long u1 = random.nextLong();
    long layer = u1 & NORMAL_LAYER_MASK;
    if (layer < NORMAL_NUMBER_OF_LAYERS) {
      // Inside layer's rectangle: the signed draw, scaled, is the value (sign bit included).
      return NORMAL_X[(int) layer] * u1;
    }
    double sign = u1 >= 0 ? 1.0 : -1.0;
    u1 = (u1 << 1) >>> 1;
    int j =
        alias(
            random.nextLong(),
            NORMAL_ALIAS_MASK,
            NORMAL_ALIAS_THRESHOLD,
            NORMAL_ALIAS_MAP,
            NORMAL_SIGN_CORRECTION_MASK);
    double x;
    if (j > NORMAL_INFLECTION_INDEX) {
      // Concave overhang: a point below the diagonal is under the curve.
      for (; ; u1 = random.nextLong() >>> 1) {
        long u2 = random.nextLong() >>> 1;
        x = NORMAL_X[j] * TWO_63 + (NORMAL_X[j - 1] - NORMAL_X[j]) * (double) u1;
        long above = u2 - u1;
        if (above >= 0) {
          break;
        }
        if (above <= -NORMAL_CONCAVE_MARGIN) {
          continue;
        }
        if (overhangY(NORMAL_Y, j, u2) <= Math.exp(-0.5 * x * x)) {
          break;
        }
      }
    } else if (j == 0) {
      // The tail beyond X0: Marsaglia and Tsang's method, from two exponential draws.
      do {
        x = (1.0 / NORMAL_X0) * exponential(random);
      } while (exponential(random) < 0.5 * x * x);
      x += NORMAL_X0;
    } else if (j < NORMAL_INFLECTION_INDEX) {
      // Convex overhang: a point above the diagonal is over the curve, so it is mirrored below.
      for (; ; u1 = random.nextLong() >>> 1) {
        long u2 = random.nextLong() >>> 1;
        long below = u2 - u1;
        if (below < 0) {
          below = -below;
          u2 = u1;
          u1 -= below;
        }
        x = NORMAL_X[j] * TWO_63 + (NORMAL_X[j - 1] - NORMAL_X[j]) * (double) u1;
        if (below >= NORMAL_CONVEX_MARGIN) {
          break;
        }
        if (overhangY(NORMAL_Y, j, u2) <= Math.exp(-0.5 * x * x)) {
          break;
        }
      }
    } else {
      // The overhang holding the inflection point: both shortcuts, neither one-sided.
      for (; ; u1 = random.nextLong() >>> 1) {
        long u2 = random.nextLong() >>> 1;
        x = NORMAL_X[j] * TWO_63 + (NORMAL_X[j - 1] - NORMAL_X[j]) * (double) u1;
        long below = u2 - u1;
        if (below >= NORMAL_CONVEX_MARGIN) {
          break;
        }
        if (below <= -NORMAL_CONCAVE_MARGIN) {
          continue;
        }
        if (overhangY(NORMAL_Y, j, u2) <= Math.exp(-0.5 * x * x)) {
          break;
        }
      }
    }
    return sign * x;
  }

  /**
   * A standard exponential draw, as JDK 17's {@code RandomSupport.computeNextExponential}. Its
   * overhangs are all convex; its tail is the distribution again, shifted by {@code X0}
   * (memorylessness), so a tail draw adds {@code X0} and starts over.
   *
   * @param random the source of 64-bit draws
   * @return the draw
   */
  static double exponential(RandomGenerator random) {
    long u1 = random.nextLong();
    long layer = u1 & EXPONENTIAL_LAYER_MASK;
    if (layer < EXPONENTIAL_NUMBER_OF_LAYERS) {
      return EXPONENTIAL_X[(int) layer] * (u1 >>> 1);
    }
    for (double extra = 0.0; ; ) {
      int j =
          alias(
              random.nextLong(),
              EXPONENTIAL_ALIAS_MASK,
              EXPONENTIAL_ALIAS_THRESHOLD,
              EXPONENTIAL_ALIAS_MAP,
              EXPONENTIAL_SIGN_CORRECTION_MASK);
      if (j > 0) {
        for (u1 = u1 >>> 1; ; u1 = random.nextLong() >>> 1) {
          long u2 = random.nextLong() >>> 1;
          long below = u2 - u1;
          if (below < 0) {
            below = -below;
            u2 = u1;
            u1 -= below;
          }
          double x = EXPONENTIAL_X[j] * TWO_63 + (EXPONENTIAL_X[j - 1] - EXPONENTIAL_X[j]) * u1;
          if (below >= EXPONENTIAL_CONVEX_MARGIN) {
            return x + extra;
          }
          if (overhangY(EXPONENTIAL_Y, j, u2) <= Math.exp(-x)) {
            return x + extra;
          }
        }
      }
      extra += EXPONENTIAL_X0;
      u1 = random.nextLong();
      layer = u1 & EXPONENTIAL_LAYER_MASK;
      if (layer < EXPONENTIAL_NUMBER_OF_LAYERS) {
        return EXPONENTIAL_X[(int) layer] * (u1 >>> 1) + extra;
      }
    }
  }

  /**
   * Walker's alias method: the low bits of {@code draw} pick a column; below the column's threshold
   * it is the column itself, else the column's alias.
   */
  private static int alias(
      long draw, int mask, long[] threshold, byte[] aliases, int signCorrection) {
    int column = (int) draw & mask;
    if (draw >= threshold[column]) {
      return aliases[column] & signCorrection;
    }
    return column;
  }

  /** The height of a point {@code u2·2⁻⁶³} of the way down overhang {@code j}'s bounding box. */
  private static double overhangY(double[] y, int j, long u2) {
    return y[j] * TWO_63 + (y[j - 1] - y[j]) * (double) u2;
  }
}
