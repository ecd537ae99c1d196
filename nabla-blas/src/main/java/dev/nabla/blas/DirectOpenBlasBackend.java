package dev.nabla.blas;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS library that JavaCPP bundles, called on the Java arrays themselves: no copy in or
 * out. The call goes through netlib-java's JNI glue ({@code dev.ludovic.netlib:blas}), which pins
 * the arrays with {@code GetPrimitiveArrayCritical} for the length of the call, and which is
 * pointed at JavaCPP's copy of OpenBLAS, so one library and one thread pool serve both backends.
 * Staging the operands ({@link OpenBlasBackend}) cost 20–30% of each product at the MLP's shapes.
 *
 * <p>While an array is pinned the garbage collector waits, so a product delays a collection by its
 * own length (about 0.3 ms for the MLP's largest); the training step allocates nothing.
 *
 * <p>BLAS is column-major. A row-major {@code C = op(A)·op(B)} is, read column-major, {@code Cᵀ =
 * op(B)ᵀ·op(A)ᵀ}, where each row-major operand read column-major is already its own transpose: so
 * the call swaps the operands and their dimensions and keeps the transpose flags.
 */
public final class DirectOpenBlasBackend extends GemmBackend {
  /** netlib-java reads this property once, when its JNI library loads. */
  private static final String LIBRARY_PATH = "dev.ludovic.netlib.blas.nativeLibPath";

  private final NativeBLAS blas;

  /**
   * Loads JavaCPP's OpenBLAS and points netlib-java at it.
   *
   * @throws IllegalStateException if JavaCPP did not extract an OpenBLAS library to point at
   */
  public DirectOpenBlasBackend() {
    blas = Holder.BLAS;
  }

  @Override
  public String name() {
    return "openblas-direct";
  }

  @Override
  public int priority() {
    return 20;
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
    blas.sgemm(
        transB ? "T" : "N",
        transA ? "T" : "N",
        n,
        m,
        k,
        1f,
        b,
        0,
        ldb,
        a,
        0,
        lda,
        accumulate ? 1f : 0f,
        out,
        0,
        n);
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
    blas.dgemm(
        transB ? "T" : "N",
        transA ? "T" : "N",
        n,
        m,
        k,
        1,
        b,
        0,
        ldb,
        a,
        0,
        lda,
        accumulate ? 1 : 0,
        out,
        0,
        n);
  }

  /** Loaded once per process: the property is read only when netlib-java's library loads. */
  private static final class Holder {
    /**
     * netlib-java logs its choice at INFO on every start; {@code nabla info --backend} reports it
     * instead. Held here because the logging framework keeps loggers only weakly.
     */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    static final NativeBLAS BLAS = load();

    private static NativeBLAS load() {
      NETLIB_LOG.setLevel(Level.WARNING);
      Loader.load(openblas_nolapack.class);
      String library = null;
      for (Map.Entry<String, String> loaded : Loader.getLoadedLibraries().entrySet()) {
        if (loaded.getKey().startsWith("openblas")) {
          library = loaded.getValue();
        }
      }
      if (library == null) {
        throw new IllegalStateException(
            "JavaCPP loaded no OpenBLAS library: " + Loader.getLoadedLibraries().keySet());
      }
      if (System.getProperty(LIBRARY_PATH) == null) {
        System.setProperty(LIBRARY_PATH, library);
      }
      try {
        return NativeBLAS.getInstance();
      } catch (RuntimeException e) {
        // netlib-java says only "Unable to load native implementation"; name what it was given.
        throw new IllegalStateException(
            "netlib-java's JNI glue did not load with "
                + LIBRARY_PATH
                + "="
                + System.getProperty(LIBRARY_PATH)
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }
}
