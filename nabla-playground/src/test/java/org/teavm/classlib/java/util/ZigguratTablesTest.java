package org.teavm.classlib.java.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The committed tables are the running JDK's, every value, every bit. */
class ZigguratTablesTest {
  @Test
  void everyTableEqualsTheJdksBitForBit() throws ReflectiveOperationException {
    for (String name : ZigguratTablesSource.FIELDS) {
      Object jdk = ZigguratTablesSource.jdkValue(name);
      Field field = ZigguratTables.class.getDeclaredField(ZigguratTablesSource.constant(name));
      Object ours = field.get(null);
      if (jdk instanceof double[] expected) {
        double[] actual = (double[]) ours;
        assertEquals(expected.length, actual.length, name);
        for (int at = 0; at < expected.length; at++) {
          assertEquals(
              Double.doubleToRawLongBits(expected[at]),
              Double.doubleToRawLongBits(actual[at]),
              name + "[" + at + "]");
        }
      } else if (jdk instanceof long[] expected) {
        assertArrayEquals(expected, (long[]) ours, name);
      } else if (jdk instanceof byte[] expected) {
        assertArrayEquals(expected, (byte[]) ours, name);
      } else if (jdk instanceof Double expected) {
        assertEquals(
            Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits((Double) ours), name);
      } else {
        assertEquals(jdk, ours, name);
      }
    }
  }
}
