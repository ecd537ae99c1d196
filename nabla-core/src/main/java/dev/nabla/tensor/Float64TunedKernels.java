package dev.nabla.tensor;

/**
 * The three matrix products of {@link Float64Kernels}, the same sums in the same order (so the same
 * bits), arranged so that the JIT vectorises them: for {@code C = op(A)·B}, each row of {@code C}
 * is built as {@code Σₚ A[i][p]·B[p][·]} in a row of its own, with {@code B}'s rows copied into
 * arrays of their own. The JIT of Java 17 vectorises a loop over two arrays only when both are read
 * at the same index; at different offsets into one flat array they might overlap, and the loop
 * stays scalar. On 128 × 784 × 256 that is 35 GFLOP/s on one core against 6 for the plain kernels.
 *
 * <p>A call computes rows {@code [from, to)} of the output, so that rows can be split among threads
 * ({@link TunedJavaBackend}); {@link #rowsOf} and {@link #transposedRowsOf} prepare {@code B} once
 * for all of them.
 *
 * <p>This file is the single source of truth: {@code Float32TunedKernels} is generated from it by
 * replacing the element type (see {@code KernelTwinTest}), so edit this file, never the twin.
 */
public final class Float64TunedKernels {
  private Float64TunedKernels() {}

  /** Rows of one thread: four rows of the output being summed. */
  public static final class Accumulators {
    private double[][] rows = new double[4][0];

    double[][] rows(int n) {
      if (rows[0].length < n) {
        rows = new double[4][n];
      }
      return rows;
    }
  }

  /**
   * {@code b[k × n]}'s rows as {@code k} arrays of at least {@code n}, reusing {@code reuse} when
   * it is large enough.
   */
  public static double[][] rowsOf(double[] b, int k, int n, double[][] reuse) {
    double[][] rows = sized(reuse, k, n);
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, p * n, rows[p], 0, n);
    }
    return rows;
  }

  /** {@code b[n × k]ᵀ}'s rows: row {@code p} holds column {@code p} of {@code b}. */
  public static double[][] transposedRowsOf(double[] b, int k, int n, double[][] reuse) {
    double[][] rows = sized(reuse, k, n);
    // Row by row of the result: its n elements are written in order, and the n rows of b read
    // across stay in the L1 cache for the next few p (the other order missed it).
    for (int p = 0; p < k; p++) {
      double[] row = rows[p];
      for (int j = 0; j < n; j++) {
        row[j] = b[j * k + p];
      }
    }
    return rows;
  }

  /**
   * {@code reuse} if it has room for {@code k} rows of {@code n}, else rows enough for both it and
   * the new shape, so that a step's products, whose B shapes alternate, stop allocating.
   */
  private static double[][] sized(double[][] reuse, int k, int n) {
    int rows = reuse == null ? 0 : reuse.length;
    int columns = rows == 0 ? 0 : reuse[0].length;
    if (rows >= k && columns >= n) {
      return reuse;
    }
    return new double[Math.max(rows, k)][Math.max(columns, n)];
  }

  /**
   * Rows {@code [from, to)} of {@code out[m × n] (+)= A · B}, where {@code A[i][p] = a[i·rowStride
   * + p·columnStride]} ({@code a[m × k]}: strides k and 1; {@code a[k × m]ᵀ}: 1 and m) and {@code
   * B}'s rows are {@code bRows}. Each element's sum runs over {@code p = 0, 1, …} in order, from 0,
   * or with {@code fromOut} from {@code out}'s value (as the plain {@code a·b} and {@code aᵀ·b}
   * accumulate); with {@code addToOut} it is then added to {@code out} (as the plain {@code a·bᵀ}
   * accumulates); with neither, it replaces {@code out}.
   */
  public static void multiplyRows(
      double[] a,
      int rowStride,
      int columnStride,
      double[][] bRows,
      double[] out,
      int from,
      int to,
      int n,
      int k,
      boolean fromOut,
      boolean addToOut,
      Accumulators accumulators) {
    double[][] sums = accumulators.rows(n);
    double[] sum0 = sums[0];
    double[] sum1 = sums[1];
    double[] sum2 = sums[2];
    double[] sum3 = sums[3];
    int i = from;
    // Four output rows share each pass over a row of B.
    for (; i + 3 < to; i += 4) {
      begin(out, i, n, fromOut, sum0);
      begin(out, i + 1, n, fromOut, sum1);
      begin(out, i + 2, n, fromOut, sum2);
      begin(out, i + 3, n, fromOut, sum3);
      for (int p = 0; p < k; p++) {
        int at = i * rowStride + p * columnStride;
        double a0 = a[at];
        double a1 = a[at + rowStride];
        double a2 = a[at + 2 * rowStride];
        double a3 = a[at + 3 * rowStride];
        double[] bRow = bRows[p];
        for (int j = 0; j < n; j++) {
          double bPj = bRow[j];
          sum0[j] += a0 * bPj;
          sum1[j] += a1 * bPj;
          sum2[j] += a2 * bPj;
          sum3[j] += a3 * bPj;
        }
      }
      end(sum0, out, i, n, addToOut);
      end(sum1, out, i + 1, n, addToOut);
      end(sum2, out, i + 2, n, addToOut);
      end(sum3, out, i + 3, n, addToOut);
    }
    for (; i < to; i++) {
      begin(out, i, n, fromOut, sum0);
      for (int p = 0; p < k; p++) {
        double aIp = a[i * rowStride + p * columnStride];
        double[] bRow = bRows[p];
        for (int j = 0; j < n; j++) {
          sum0[j] += aIp * bRow[j];
        }
      }
      end(sum0, out, i, n, addToOut);
    }
  }

  private static void begin(double[] out, int row, int n, boolean fromOut, double[] sum) {
    if (fromOut) {
      System.arraycopy(out, row * n, sum, 0, n);
    } else {
      for (int j = 0; j < n; j++) {
        sum[j] = 0;
      }
    }
  }

  private static void end(double[] sum, double[] out, int row, int n, boolean addToOut) {
    int outRow = row * n;
    if (addToOut) {
      for (int j = 0; j < n; j++) {
        out[outRow + j] += sum[j];
      }
    } else {
      System.arraycopy(sum, 0, out, outRow, n);
    }
  }
}
