package dev.nabla.io.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers appended one at a time, in fixed-size blocks: a streamed file of unknown length never
 * needs a grown copy of everything read so far (which would hold one and a half times the data at
 * once), only the final array.
 */
final class GrowingDoubles {
  /** The most values one array (and so one tensor) can hold. */
  static final int MAX = Integer.MAX_VALUE - 8;

  private static final int BLOCK = 1 << 16;
  private final List<double[]> blocks = new ArrayList<>();
  private int size;

  /**
   * Appends {@code value}.
   *
   * @throws IllegalStateException beyond {@link #MAX} values
   */
  void add(double value) {
    if (size == MAX) {
      throw new IllegalStateException("more than " + MAX + " values");
    }
    if (size % BLOCK == 0) {
      blocks.add(new double[BLOCK]);
    }
    blocks.get(size / BLOCK)[size % BLOCK] = value;
    size++;
  }

  int size() {
    return size;
  }

  double get(int index) {
    return blocks.get(index / BLOCK)[index % BLOCK];
  }

  /** The values in one array, leaving this empty: each block is released once copied. */
  double[] toArray() {
    double[] values = new double[size];
    for (int block = 0; block < blocks.size(); block++) {
      int start = block * BLOCK;
      System.arraycopy(blocks.get(block), 0, values, start, Math.min(BLOCK, size - start));
      blocks.set(block, null);
    }
    blocks.clear();
    size = 0;
    return values;
  }
}
