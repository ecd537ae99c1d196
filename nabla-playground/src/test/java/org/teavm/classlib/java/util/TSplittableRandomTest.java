package org.teavm.classlib.java.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
