package dev.nabla.blas;

import dev.nabla.tensor.MatrixBackend;
import java.util.Arrays;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The three products as single GEMM calls on Java arrays (no copies, no transposes): {@code a·bᵀ}
 * is {@code gemm(NoTrans, Trans)}, {@code aᵀ·b} is {@code gemm(Trans, NoTrans)}, and {@code
 * accumulate} is {@code β = 1} (else {@code β = 0}, which BLAS defines as not reading {@code out}).
 * Empty dimensions are handled here, as BLAS's leading-dimension rules forbid some of them.
 */
public final class OpenBlasBackend implements MatrixBackend {
  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public int priority() {
    return 10;
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

  @Override
  public void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_sgemm(
          ROW_MAJOR, NO_TRANS, TRANS, m, n, k, 1f, a, k, b, k, accumulate ? 1f : 0f, out, n);
    }
  }

  @Override
  public void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_sgemm(
          ROW_MAJOR, TRANS, NO_TRANS, m, n, k, 1f, a, m, b, n, accumulate ? 1f : 0f, out, n);
    }
  }

  @Override
  public void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_sgemm(
          ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, a, k, b, n, accumulate ? 1f : 0f, out, n);
    }
  }

  @Override
  public void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_dgemm(
          ROW_MAJOR, NO_TRANS, TRANS, m, n, k, 1, a, k, b, k, accumulate ? 1 : 0, out, n);
    }
  }

  @Override
  public void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_dgemm(
          ROW_MAJOR, TRANS, NO_TRANS, m, n, k, 1, a, m, b, n, accumulate ? 1 : 0, out, n);
    }
  }

  @Override
  public void multiply(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      openblas_nolapack.cblas_dgemm(
          ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1, a, k, b, n, accumulate ? 1 : 0, out, n);
    }
  }
}
