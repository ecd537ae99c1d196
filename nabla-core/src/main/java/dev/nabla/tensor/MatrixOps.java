package dev.nabla.tensor;

/**
 * Matrix operations on {@link Tensor}s with explicit output tensors: shape- and precision-checked
 * entry points that dispatch to the kernels of the tensors' {@link DType}.
 *
 * <p>The three products run on {@link MatrixBackends#current()} when they are large enough to gain
 * from it; the rest on the Java kernels. Only {@code out} is modified. All operands must share one
 * precision. Shapes are checked before anything is written, and a mismatch is a {@link
 * ShapeException} naming the product.
 */
public final class MatrixOps {
  /**
   * Products of fewer multiply-adds ({@code m·n·k}) than this stay on the Java kernels: a native
   * call costs more than a tiny product (seed 000's training step took 0.48 µs on the Java kernels
   * and 1.62 µs through OpenBLAS), while the MLP's 25-million-term products run 5× faster there.
   */
  static final long NATIVE_THRESHOLD = 1 << 15;

  private static final MatrixBackend JAVA = new JavaBackend();

  private MatrixOps() {}

  private static MatrixBackend backendFor(int m, int n, int k) {
    return (long) m * n * k < NATIVE_THRESHOLD ? JAVA : MatrixBackends.current();
  }

  /** {@code out[m × n] (+)= a[m × k] · b[n × k]ᵀ}. */
  public static void multiplyTransposedB(Tensor a, Tensor b, Tensor out, boolean accumulate) {
    int m = a.rows();
    int k = a.columns();
    int n = b.rows();
    requireMatrix("a·bᵀ", a, b, out);
    if (b.columns() != k || out.rows() != m || out.columns() != n) {
      throw new ShapeException(
          "a·bᵀ: a "
              + a.shape()
              + ", b "
              + b.shape()
              + " and out "
              + out.shape()
              + " disagree;"
              + " expected a [m × k], b [n × k], out [m × n]");
    }
    if (requireSameDType(a, b, out) == DType.FLOAT64) {
      backendFor(m, n, k).multiplyTransposedB(f64(a), f64(b), f64(out), m, n, k, accumulate);
    } else {
      backendFor(m, n, k).multiplyTransposedB(f32(a), f32(b), f32(out), m, n, k, accumulate);
    }
  }

  /** {@code out[m × n] (+)= a[k × m]ᵀ · b[k × n]}. */
  public static void multiplyTransposedA(Tensor a, Tensor b, Tensor out, boolean accumulate) {
    int k = a.rows();
    int m = a.columns();
    int n = b.columns();
    requireMatrix("aᵀ·b", a, b, out);
    if (b.rows() != k || out.rows() != m || out.columns() != n) {
      throw new ShapeException(
          "aᵀ·b: a "
              + a.shape()
              + ", b "
              + b.shape()
              + " and out "
              + out.shape()
              + " disagree;"
              + " expected a [k × m], b [k × n], out [m × n]");
    }
    if (requireSameDType(a, b, out) == DType.FLOAT64) {
      backendFor(m, n, k).multiplyTransposedA(f64(a), f64(b), f64(out), m, n, k, accumulate);
    } else {
      backendFor(m, n, k).multiplyTransposedA(f32(a), f32(b), f32(out), m, n, k, accumulate);
    }
  }

  /** {@code out[m × n] (+)= a[m × k] · b[k × n]}. */
  public static void multiply(Tensor a, Tensor b, Tensor out, boolean accumulate) {
    int m = a.rows();
    int k = a.columns();
    int n = b.columns();
    requireMatrix("a·b", a, b, out);
    if (b.rows() != k || out.rows() != m || out.columns() != n) {
      throw new ShapeException(
          "a·b: a "
              + a.shape()
              + ", b "
              + b.shape()
              + " and out "
              + out.shape()
              + " disagree;"
              + " expected a [m × k], b [k × n], out [m × n]");
    }
    if (requireSameDType(a, b, out) == DType.FLOAT64) {
      backendFor(m, n, k).multiply(f64(a), f64(b), f64(out), m, n, k, accumulate);
    } else {
      backendFor(m, n, k).multiply(f32(a), f32(b), f32(out), m, n, k, accumulate);
    }
  }

  /** {@code out[i][j] += row[j]}: adds a vector of length {@code n} to every row of out. */
  public static void addToEachRow(Tensor out, Tensor row) {
    if (row.size() != out.columns()) {
      throw ShapeException.expected(
          "add to each row of " + out.shape(), "a vector of " + out.columns(), row.shape());
    }
    if (requireSameDType(out, row, out) == DType.FLOAT64) {
      Float64Kernels.addToEachRow(f64(out), f64(row), out.rows(), out.columns());
    } else {
      Float32Kernels.addToEachRow(f32(out), f32(row), out.rows(), out.columns());
    }
  }

  /** {@code out[j] (+)= Σᵢ a[i][j]}: the column sums of a into a vector of length {@code n}. */
  public static void sumRows(Tensor a, Tensor out, boolean accumulate) {
    if (out.size() != a.columns()) {
      throw ShapeException.expected(
          "sum the rows of " + a.shape(), "a vector of " + a.columns(), out.shape());
    }
    if (requireSameDType(a, out, out) == DType.FLOAT64) {
      Float64Kernels.sumRows(f64(a), f64(out), a.rows(), a.columns(), accumulate);
    } else {
      Float32Kernels.sumRows(f32(a), f32(out), a.rows(), a.columns(), accumulate);
    }
  }

  /** {@code y ← y + alpha · x}; x and y have the same shape (checked by the caller). */
  static void addScaled(double alpha, Tensor x, Tensor y) {
    if (requireSameDType(x, y, y) == DType.FLOAT64) {
      Float64Kernels.axpy(alpha, f64(x), f64(y), y.size());
    } else {
      Float32Kernels.axpy((float) alpha, f32(x), f32(y), y.size());
    }
  }

  private static void requireMatrix(String operation, Tensor a, Tensor b, Tensor out) {
    if (a.shape().rank() != 2 || b.shape().rank() != 2 || out.shape().rank() != 2) {
      throw new ShapeException(
          operation
              + ": operands must be matrices, got a "
              + a.shape()
              + ", b "
              + b.shape()
              + ", out "
              + out.shape());
    }
  }

  private static DType requireSameDType(Tensor a, Tensor b, Tensor c) {
    if (a.dtype() != b.dtype() || a.dtype() != c.dtype()) {
      throw new IllegalArgumentException(
          "precisions differ: "
              + a.dtype()
              + ", "
              + b.dtype()
              + " and "
              + c.dtype()
              + "; convert with Tensor.to(DType) or Network.to(DType)");
    }
    return a.dtype();
  }

  private static double[] f64(Tensor tensor) {
    return ((Float64Tensor) tensor).data();
  }

  private static float[] f32(Tensor tensor) {
    return ((Float32Tensor) tensor).data();
  }
}
