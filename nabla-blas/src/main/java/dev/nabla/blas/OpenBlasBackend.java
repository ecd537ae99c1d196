package dev.nabla.blas;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS through JavaCPP's bindings, with the operands staged in native memory. Handed a Java
 * array, JavaCPP allocates native memory and copies the array in and back out on every call: with
 * the MLP's 784 × 256 layer that is megabytes of fresh pages per product, and a call on three 4 MiB
 * arrays took 6 ms for a 1 × 1 × 1 product. Here the operands go through native buffers that each
 * thread keeps and reuses: inputs are copied in once, the output is copied out once (and in only
 * when accumulating), into memory that is already mapped.
 *
 * <p>{@link DirectOpenBlasBackend} calls the same library on the Java arrays themselves and is
 * preferred when it loads; this one needs nothing but JavaCPP.
 */
public final class OpenBlasBackend extends GemmBackend {
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

  @Override
  void gemm(
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
      boolean accumulate) {
    Staging staging = STAGING.get();
    FloatPointer nativeA = staging.floats(0, m * k).put(a, 0, m * k);
    FloatPointer nativeB = staging.floats(1, n * k).put(b, 0, n * k);
    int outSize = m * n;
    FloatPointer nativeOut = staging.floats(2, outSize);
    if (accumulate) {
      nativeOut.put(out, 0, outSize);
    }
    openblas_nolapack.cblas_sgemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
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

  @Override
  void gemm(
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
      boolean accumulate) {
    Staging staging = STAGING.get();
    DoublePointer nativeA = staging.doubles(0, m * k).put(a, 0, m * k);
    DoublePointer nativeB = staging.doubles(1, n * k).put(b, 0, n * k);
    int outSize = m * n;
    DoublePointer nativeOut = staging.doubles(2, outSize);
    if (accumulate) {
      nativeOut.put(out, 0, outSize);
    }
    openblas_nolapack.cblas_dgemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
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
