package dev.nabla.blas;

import dev.nabla.tensor.MatrixBackend;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The three products as single GEMM calls (no transposes materialised): {@code a·bᵀ} is {@code
 * gemm(NoTrans, Trans)}, {@code aᵀ·b} is {@code gemm(Trans, NoTrans)}, and {@code accumulate} is
 * {@code β = 1} (else {@code β = 0}, which BLAS defines as not reading {@code out}). Empty
 * dimensions are handled here, as BLAS's leading-dimension rules forbid some of them.
 *
 * <p>The operands go through native buffers that each thread keeps and reuses. Handed a Java array,
 * JavaCPP allocates native memory and copies the array in and back out on every call: with the
 * MLP's 784 × 256 layer that is megabytes of fresh pages per product, and a call on three 4 MiB
 * arrays took 6 ms for a 1 × 1 × 1 product. Here inputs are copied in once, the output is copied
 * out once (and in only when accumulating), into memory that is already mapped.
 */
public final class OpenBlasBackend implements MatrixBackend {
  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;

  private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public int priority() {
    return 10;
  }

  /** OpenBLAS runs a large product on as many threads as there are cores. */
  @Override
  public boolean usesAllCores() {
    return true;
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
      gemm(NO_TRANS, TRANS, m, n, k, a, m * k, k, b, n * k, k, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(TRANS, NO_TRANS, m, n, k, a, k * m, m, b, k * n, n, out, accumulate);
    }
  }

  @Override
  public void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(NO_TRANS, NO_TRANS, m, n, k, a, m * k, k, b, k * n, n, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(NO_TRANS, TRANS, m, n, k, a, m * k, k, b, n * k, k, out, accumulate);
    }
  }

  @Override
  public void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(TRANS, NO_TRANS, m, n, k, a, k * m, m, b, k * n, n, out, accumulate);
    }
  }

  @Override
  public void multiply(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    if (!empty(out, m, n, k, accumulate)) {
      gemm(NO_TRANS, NO_TRANS, m, n, k, a, m * k, k, b, k * n, n, out, accumulate);
    }
  }

  private static void gemm(
      int transA,
      int transB,
      int m,
      int n,
      int k,
      float[] a,
      int aSize,
      int lda,
      float[] b,
      int bSize,
      int ldb,
      float[] out,
      boolean accumulate) {
    Staging staging = STAGING.get();
    FloatPointer nativeA = staging.floats(0, aSize).put(a, 0, aSize);
    FloatPointer nativeB = staging.floats(1, bSize).put(b, 0, bSize);
    int outSize = m * n;
    FloatPointer nativeOut = staging.floats(2, outSize);
    if (accumulate) {
      nativeOut.put(out, 0, outSize);
    }
    openblas_nolapack.cblas_sgemm(
        ROW_MAJOR,
        transA,
        transB,
        m,
        n,
        k,
        1f,
        nativeA,
        lda,
        nativeB,
        ldb,
        accumulate ? 1f : 0f,
        nativeOut,
        n);
    nativeOut.get(out, 0, outSize);
  }

  private static void gemm(
      int transA,
      int transB,
      int m,
      int n,
      int k,
      double[] a,
      int aSize,
      int lda,
      double[] b,
      int bSize,
      int ldb,
      double[] out,
      boolean accumulate) {
    Staging staging = STAGING.get();
    DoublePointer nativeA = staging.doubles(0, aSize).put(a, 0, aSize);
    DoublePointer nativeB = staging.doubles(1, bSize).put(b, 0, bSize);
    int outSize = m * n;
    DoublePointer nativeOut = staging.doubles(2, outSize);
    if (accumulate) {
      nativeOut.put(out, 0, outSize);
    }
    openblas_nolapack.cblas_dgemm(
        ROW_MAJOR,
        transA,
        transB,
        m,
        n,
        k,
        1,
        nativeA,
        lda,
        nativeB,
        ldb,
        accumulate ? 1 : 0,
        nativeOut,
        n);
    nativeOut.get(out, 0, outSize);
  }

  /**
   * One thread's native buffers for the two operands and the output, grown to the largest product
   * seen and freed with the thread (JavaCPP releases a pointer's memory when it is collected).
   */
  private static final class Staging {
    private final FloatPointer[] floats = new FloatPointer[3];
    private final DoublePointer[] doubles = new DoublePointer[3];

    FloatPointer floats(int slot, int size) {
      FloatPointer buffer = floats[slot];
      if (buffer == null || buffer.capacity() < size) {
        if (buffer != null) {
          buffer.close();
        }
        buffer = new FloatPointer(grown(buffer == null ? 0 : buffer.capacity(), size));
        floats[slot] = buffer;
      }
      return buffer.position(0);
    }

    DoublePointer doubles(int slot, int size) {
      DoublePointer buffer = doubles[slot];
      if (buffer == null || buffer.capacity() < size) {
        if (buffer != null) {
          buffer.close();
        }
        buffer = new DoublePointer(grown(buffer == null ? 0 : buffer.capacity(), size));
        doubles[slot] = buffer;
      }
      return buffer.position(0);
    }

    /** Grows by at least half, so a run of slowly growing sizes reallocates only a few times. */
    private static long grown(long capacity, int size) {
      return Math.max(size, capacity + capacity / 2);
    }
  }
}
