package dev.nabla.tensor;

import java.util.Arrays;

/**
 * Reference float32 kernels on flat row-major arrays: the three matrix products of a dense layer,
 * the bias add and sum, and axpy.
 *
 * <p>Each kernel writes only its {@code out} (or {@code y}) array, which is <em>modified</em>;
 * every other array is <em>not modified</em>. With {@code accumulate} the result is added to {@code
 * out}, otherwise it replaces it. No transpose is ever materialised: each product walks its
 * operands in the order they are stored. These are the plain kernels that fast ones are tested
 * against; they favour clarity over speed.
 *
 * <p>GENERATED from {@code Float64Kernels} by {@code KernelTwinTest}: edit that file, never this
 * one.
 */
public final class Float32Kernels {
  private Float32Kernels() {}

  /**
   * {@code out[m × n] (+)= a[m × k] · b[n × k]ᵀ}: the dense forward product {@code z = x·Wᵀ}.
   *
   * @param a not modified, row-major {@code [m × k]}
   * @param b not modified, row-major {@code [n × k]}
   * @param out modified, row-major {@code [m × n]}
   */
  public static void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int aRow = i * k;
      int j = 0;
      // Four output columns at a time: four independent sums overlap in the pipeline, and each
      // still adds its products in order p = 0, 1, …, so the result is the same to the bit.
      for (; j + 3 < n; j += 4) {
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        float sum0 = 0;
        float sum1 = 0;
        float sum2 = 0;
        float sum3 = 0;
        for (int p = 0; p < k; p++) {
          float aIp = a[aRow + p];
          sum0 += aIp * b[b0 + p];
          sum1 += aIp * b[b1 + p];
          sum2 += aIp * b[b2 + p];
          sum3 += aIp * b[b3 + p];
        }
        int o = i * n + j;
        out[o] = accumulate ? out[o] + sum0 : sum0;
        out[o + 1] = accumulate ? out[o + 1] + sum1 : sum1;
        out[o + 2] = accumulate ? out[o + 2] + sum2 : sum2;
        out[o + 3] = accumulate ? out[o + 3] + sum3 : sum3;
      }
      for (; j < n; j++) {
        int bRow = j * k;
        float sum = 0;
        for (int p = 0; p < k; p++) {
          sum += a[aRow + p] * b[bRow + p];
        }
        out[i * n + j] = accumulate ? out[i * n + j] + sum : sum;
      }
    }
  }

  /**
   * {@code out[m × n] (+)= a[k × m]ᵀ · b[k × n]}: the weight gradient {@code dW = deltaᵀ·x}.
   *
   * @param a not modified, row-major {@code [k × m]}
   * @param b not modified, row-major {@code [k × n]}
   * @param out modified, row-major {@code [m × n]}
   */
  public static void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!accumulate) {
      Arrays.fill(out, 0, m * n, 0);
    }
    // Four rows of out at a time stay in cache while the k rows of b stream past them once. Every
    // element still adds its products in order p = 0, 1, …, so the result is the same to the bit.
    int i = 0;
    for (; i + 3 < m; i += 4) {
      int o0 = i * n;
      int o1 = o0 + n;
      int o2 = o1 + n;
      int o3 = o2 + n;
      for (int p = 0; p < k; p++) {
        float a0 = a[p * m + i];
        float a1 = a[p * m + i + 1];
        float a2 = a[p * m + i + 2];
        float a3 = a[p * m + i + 3];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          float bPj = b[bRow + j];
          out[o0 + j] += a0 * bPj;
          out[o1 + j] += a1 * bPj;
          out[o2 + j] += a2 * bPj;
          out[o3 + j] += a3 * bPj;
        }
      }
    }
    for (; i < m; i++) {
      int outRow = i * n;
      for (int p = 0; p < k; p++) {
        float aPi = a[p * m + i];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          out[outRow + j] += aPi * b[bRow + j];
        }
      }
    }
  }

  /**
   * {@code out[m × n] (+)= a[m × k] · b[k × n]}: the input gradient {@code dx = delta·W}.
   *
   * @param a not modified, row-major {@code [m × k]}
   * @param b not modified, row-major {@code [k × n]}
   * @param out modified, row-major {@code [m × n]}
   */
  public static void multiply(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!accumulate) {
      Arrays.fill(out, 0, m * n, 0);
    }
    // Four rows of out at a time share each pass over a row of b, as in multiplyTransposedA; the
    // order of each element's sum is unchanged.
    int i = 0;
    for (; i + 3 < m; i += 4) {
      int o0 = i * n;
      int o1 = o0 + n;
      int o2 = o1 + n;
      int o3 = o2 + n;
      for (int p = 0; p < k; p++) {
        float a0 = a[i * k + p];
        float a1 = a[(i + 1) * k + p];
        float a2 = a[(i + 2) * k + p];
        float a3 = a[(i + 3) * k + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          float bPj = b[bRow + j];
          out[o0 + j] += a0 * bPj;
          out[o1 + j] += a1 * bPj;
          out[o2 + j] += a2 * bPj;
          out[o3 + j] += a3 * bPj;
        }
      }
    }
    for (; i < m; i++) {
      int outRow = i * n;
      for (int p = 0; p < k; p++) {
        float aIp = a[i * k + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          out[outRow + j] += aIp * b[bRow + j];
        }
      }
    }
  }

  /**
   * {@code out[i][j] += row[j]} for every row {@code i}: the bias add {@code z = x·Wᵀ + b}.
   *
   * @param out modified, row-major {@code [m × n]}
   * @param row not modified, length {@code n}
   */
  public static void addToEachRow(float[] out, float[] row, int m, int n) {
    for (int i = 0; i < m; i++) {
      int outRow = i * n;
      for (int j = 0; j < n; j++) {
        out[outRow + j] += row[j];
      }
    }
  }

  /**
   * {@code out[j] (+)= Σᵢ a[i][j]}: the bias gradient {@code db = Σ_samples delta}.
   *
   * @param a not modified, row-major {@code [m × n]}
   * @param out modified, length {@code n}
   */
  public static void sumRows(float[] a, float[] out, int m, int n, boolean accumulate) {
    if (!accumulate) {
      Arrays.fill(out, 0, n, 0);
    }
    for (int i = 0; i < m; i++) {
      int aRow = i * n;
      for (int j = 0; j < n; j++) {
        out[j] += a[aRow + j];
      }
    }
  }

  /**
   * {@code y ← y + alpha · x} over the first {@code length} elements (BLAS axpy).
   *
   * @param x not modified
   * @param y modified
   */
  public static void axpy(float alpha, float[] x, float[] y, int length) {
    for (int i = 0; i < length; i++) {
      y[i] += alpha * x[i];
    }
  }
}
