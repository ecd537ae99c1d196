package dev.nabla.tensor;

/**
 * An implementation of the three matrix products of a dense layer, on flat row-major arrays with
 * the contracts of {@link Float64Kernels} (and its float32 twin): only {@code out} is modified, and
 * {@code accumulate} adds to it rather than replacing it. Any of {@code m}, {@code n}, {@code k}
 * may be 0.
 *
 * <p>The pure-Java kernels, the reference ones and the tuned ones, are always available. Others (a
 * native BLAS) are found with {@link java.util.ServiceLoader}; {@link MatrixBackends} picks the one
 * in use.
 */
public interface MatrixBackend {
  /** A short name for reports, e.g. {@code java} or {@code openblas}. */
  String name();

  /** When several backends work, the highest priority is used; the Java kernels have 0. */
  int priority();

  /**
   * Whether one product already runs on every core. Callers that could split work across threads
   * themselves ({@code Network.predict}) do not when it does: two threads each starting a threaded
   * product on a two-core machine made inference of 10,000 images 25% slower.
   */
  default boolean usesAllCores() {
    return false;
  }

  /**
   * For a backend whose library threads each product itself (OpenBLAS): sets how many threads one
   * product may use, for the whole process. {@link MatrixBackends} sets 1 when Nabla splits the
   * work across cores itself ({@link MatrixBackends#sharding()}). Others ignore it.
   */
  default void setLibraryThreads(int threads) {}

  /**
   * Whether products run best on large blocks of rows, as a native library's do; the Java kernels
   * work in cache-sized blocks instead.
   */
  default boolean prefersLargeProducts() {
    return false;
  }

  /** {@code out[m × n] (+)= a[m × k] · b[n × k]ᵀ}. */
  void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate);

  /** {@code out[m × n] (+)= a[k × m]ᵀ · b[k × n]}. */
  void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate);

  /** {@code out[m × n] (+)= a[m × k] · b[k × n]}. */
  void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate);

  /** {@code out[m × n] (+)= a[m × k] · b[n × k]ᵀ}. */
  void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate);

  /** {@code out[m × n] (+)= a[k × m]ᵀ · b[k × n]}. */
  void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate);

  /** {@code out[m × n] (+)= a[m × k] · b[k × n]}. */
  void multiply(double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate);
}
