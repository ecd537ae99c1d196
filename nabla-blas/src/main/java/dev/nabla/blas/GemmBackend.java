package dev.nabla.blas;

import dev.nabla.tensor.MatrixBackend;
import java.util.Arrays;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The three products as single row-major GEMM calls, with no transpose materialised: {@code a·bᵀ}
 * is {@code gemm(N, T)}, {@code aᵀ·b} is {@code gemm(T, N)} and {@code a·b} is {@code gemm(N, N)};
 * {@code accumulate} is {@code β = 1}, else {@code β = 0}, which BLAS defines as not reading {@code
 * out}. Empty dimensions are handled here, as BLAS's leading-dimension rules forbid some of them.
 */
abstract class GemmBackend implements MatrixBackend {
  /**
   * The threads OpenBLAS gives one product, the same for every backend here as they share one
   * library: as many as there are cores, until {@link #setLibraryThreads} says otherwise.
   */
  private static volatile int libraryThreads = Runtime.getRuntime().availableProcessors();

  /** Whether OpenBLAS runs a large product on more than one thread. */
  @Override
  public boolean usesAllCores() {
    return libraryThreads > 1;
  }

  /** OpenBLAS's {@code openblas_set_num_threads}, for the whole process. */
  @Override
  public void setLibraryThreads(int threads) {
    Loader.load(openblas_nolapack.class);
    openblas_nolapack.blas_set_num_threads(threads);
    libraryThreads = threads;
  }

  @Override
  public boolean prefersLargeProducts() {
    return true;
  }

  /**
   * Row-major {@code out[m × n] (+)= op(a)·op(b)}, where {@code op} transposes when asked; {@code
   * lda} and {@code ldb} are the row lengths of {@code a} and {@code b} as stored.
   */
  abstract void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int lda,
      float[] b,
      int ldb,
      float[] out,
      boolean accumulate);

  abstract void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double[] a,
      int lda,
      double[] b,
      int ldb,
      double[] out,
      boolean accumulate);

  @Override
  public void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(false, true, m, n, k, a, k, b, k, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(true, false, m, n, k, a, m, b, n, out, accumulate);
    }
  }

  @Override
  public void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(false, false, m, n, k, a, k, b, n, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(false, true, m, n, k, a, k, b, k, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(true, false, m, n, k, a, m, b, n, out, accumulate);
    }
  }

  @Override
  public void multiply(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(false, false, m, n, k, a, k, b, n, out, accumulate);
    }
  }

  /** True when there is nothing to multiply; out is cleared first if it is to be replaced. */
  private static boolean empty(float[] out, int m, int n, int k, boolean accumulate) {
    if (m == 0 || n == 0) {
      return true;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(out, 0, m * n, 0f);
      }
      return true;
    }
    return false;
  }

  private static boolean empty(double[] out, int m, int n, int k, boolean accumulate) {
    if (m == 0 || n == 0) {
      return true;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(out, 0, m * n, 0.0);
      }
      return true;
    }
    return false;
  }
}
