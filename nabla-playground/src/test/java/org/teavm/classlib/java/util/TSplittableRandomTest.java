package org.teavm.classlib.java.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The browser's SplittableRandom draws what the JDK's does, for every method the core calls. */
class TSplittableRandomTest {
  @Test
  void drawsTheJdksSequencesAcrossSplits() {
    for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
      SplittableRandom jdk = new SplittableRandom(seed);
      TSplittableRandom ours = new TSplittableRandom(seed);
      for (int split = 0; split < 20; split++) {
        SplittableRandom jdkChild = jdk.split();
        TSplittableRandom ourChild = ours.split();
        for (int draw = 0; draw < 200; draw++) {
          assertEquals(jdkChild.nextLong(), ourChild.nextLong());
          assertEquals(jdkChild.nextInt(), ourChild.nextInt());
          assertEquals(
              Double.doubleToRawLongBits(jdkChild.nextDouble()),
              Double.doubleToRawLongBits(ourChild.nextDouble()));
          int bound = 1 + draw * 37;
          assertEquals(jdkChild.nextInt(bound), ourChild.nextInt(bound), "bound " + bound);
          assertEquals(jdkChild.nextInt(64), ourChild.nextInt(64));
        }
      }
    }
  }

  /**
   * Normal and exponential draws, bit for bit, over 4 million of each: enough that every kind of
   * overhang and both tails are drawn (the tails are counted: a tail draw is beyond X0).
   */
  @Test
  void drawsTheJdksNormalAndExponentialValuesBitForBit() {
    int normalTail = 0;
    int exponentialTail = 0;
    for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE, 0x5DEECE66DL, 20261201, -1}) {
      SplittableRandom jdk = new SplittableRandom(seed);
      TSplittableRandom ours = new TSplittableRandom(seed);
      for (int draw = 0; draw < 500_000; draw++) {
        double expected = jdk.nextGaussian();
        double actual = ours.nextGaussian();
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(actual),
              "normal draw " + draw + " of seed " + seed + ": " + expected + " vs " + actual);
        }
        if (Math.abs(expected) > ZigguratTables.NORMAL_X0) {
          normalTail++;
        }
        expected = jdk.nextExponential();
        actual = ours.nextExponential();
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(actual),
              "exponential draw " + draw + " of seed " + seed + ": " + expected + " vs " + actual);
        }
        if (expected > ZigguratTables.EXPONENTIAL_X0) {
          exponentialTail++;
        }
      }
      // Still in step after all that: the generators consumed the same number of longs.
      assertEquals(jdk.nextLong(), ours.nextLong());
    }
    // P(|z| > 3.64) = 2.8e-4 and P(e > 7.57) = 5.2e-4 of 4e6 draws: about 1100 and 2100.
    assertTrue(normalTail > 500, "normal tail draws: " + normalTail);
    assertTrue(exponentialTail > 1000, "exponential tail draws: " + exponentialTail);
  }

  /** Normal draws through split generators, as NetworkBuilder draws each layer's weights. */
  @Test
  void drawsTheJdksNormalValuesAcrossSplits() {
    SplittableRandom jdk = new SplittableRandom(3);
    TSplittableRandom ours = new TSplittableRandom(3);
    for (int split = 0; split < 50; split++) {
      SplittableRandom jdkChild = jdk.split();
      TSplittableRandom ourChild = ours.split();
      for (int draw = 0; draw < 2000; draw++) {
        assertEquals(
            Double.doubleToRawLongBits(jdkChild.nextGaussian()),
            Double.doubleToRawLongBits(ourChild.nextGaussian()),
            "split " + split + ", draw " + draw);
      }
    }
  }
}
