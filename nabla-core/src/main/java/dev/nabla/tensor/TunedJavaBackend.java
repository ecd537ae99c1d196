package dev.nabla.tensor;

import java.util.stream.BaseStream;
import java.util.stream.IntStream;

/**
 * The pure-Java products for when no native library is at hand: {@link Float64TunedKernels} and its
 * float32 twin, which give the reference kernels' bits, with the output's rows split among the
 * cores once a product has at least {@value #PARALLEL_TERMS} multiply-adds. Each thread keeps its
 * work space, so a product allocates no arrays once the shapes have been seen; splitting among
 * threads allocates the fork-join pool's few task objects.
 */
public final class TunedJavaBackend implements MatrixBackend {
  /**
   * Multiply-adds from which the rows are split among threads: at 35 GFLOP/s a million take 60 µs,
   * well above the cost of handing work to the common pool.
   */
  static final long PARALLEL_TERMS = 1 << 20;

  /**
   * B's rows are kept between products up to this many elements (4 MB of floats; the MLP's largest
   * is 784 × 784 once its shapes are merged), and made afresh for larger ones.
   */
  static final long KEPT_ELEMENTS = 1 << 20;

  private static final ThreadLocal<Space> SPACE = ThreadLocal.withInitial(Space::new);

  @Override
  public String name() {
    return "java-tuned";
  }

  /** Above the reference kernels, below any native library. */
  @Override
  public int priority() {
    return 5;
  }

  @Override
  public boolean usesAllCores() {
    return MatrixBackends.threads() > 1;
  }

  @Override
  public void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    product(a, k, 1, b, true, out, m, n, k, false, accumulate);
  }

  @Override
  public void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    product(a, 1, m, b, false, out, m, n, k, accumulate, false);
  }

  @Override
  public void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    product(a, k, 1, b, false, out, m, n, k, accumulate, false);
  }

  @Override
  public void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    product(a, k, 1, b, true, out, m, n, k, false, accumulate);
  }

  @Override
  public void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    product(a, 1, m, b, false, out, m, n, k, accumulate, false);
  }

  @Override
  public void multiply(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    product(a, k, 1, b, false, out, m, n, k, accumulate, false);
  }

  /**
   * {@code out (+)= A·B} with {@code A[i][p] = a[i·rowStride + p·columnStride]} and {@code B} =
   * {@code b[k × n]}, or {@code b[n × k]ᵀ} when {@code bTransposed}; {@code fromOut} and {@code
   * addToOut} as in {@link Float64TunedKernels#multiplyRows}.
   */
  private static void product(
      float[] a,
      int rowStride,
      int columnStride,
      float[] b,
      boolean bTransposed,
      float[] out,
      int m,
      int n,
      int k,
      boolean fromOut,
      boolean addToOut) {
    Space space = SPACE.get();
    boolean own = space.claim();
    try {
      float[][] reuse = own ? space.floatRows : null;
      float[][] bRows =
          bTransposed
              ? Float32TunedKernels.transposedRowsOf(b, k, n, reuse)
              : Float32TunedKernels.rowsOf(b, k, n, reuse);
      space.keep(own, bRows);
      split(
          m,
          n,
          k,
          (from, to) ->
              Float32TunedKernels.multiplyRows(
                  a,
                  rowStride,
                  columnStride,
                  bRows,
                  out,
                  from,
                  to,
                  n,
                  k,
                  fromOut,
                  addToOut,
                  SPACE.get().floats));
    } finally {
      space.release(own);
    }
  }

  private static void product(
      double[] a,
      int rowStride,
      int columnStride,
      double[] b,
      boolean bTransposed,
      double[] out,
      int m,
      int n,
      int k,
      boolean fromOut,
      boolean addToOut) {
    Space space = SPACE.get();
    boolean own = space.claim();
    try {
      double[][] reuse = own ? space.doubleRows : null;
      double[][] bRows =
          bTransposed
              ? Float64TunedKernels.transposedRowsOf(b, k, n, reuse)
              : Float64TunedKernels.rowsOf(b, k, n, reuse);
      space.keep(own, bRows);
      split(
          m,
          n,
          k,
          (from, to) ->
              Float64TunedKernels.multiplyRows(
                  a,
                  rowStride,
                  columnStride,
                  bRows,
                  out,
                  from,
                  to,
                  n,
                  k,
                  fromOut,
                  addToOut,
                  SPACE.get().doubles));
    } finally {
      space.release(own);
    }
  }

  /** Output rows {@code [from, to)} of a product. */
  @FunctionalInterface
  private interface Rows {
    void compute(int from, int to);
  }

  /** All {@code m} rows at once, or split among the cores for a large product. */
  private static void split(int m, int n, int k, Rows rows) {
    int parts = parts(m, n, k);
    if (parts == 1) {
      rows.compute(0, m);
      return;
    }
    // parallel() through BaseStream: the browser build's class library (TeaVM) declares it only
    // there; this path never runs there (one thread), but it must compile.
    BaseStream<Integer, IntStream> split = IntStream.range(0, parts);
    split
        .parallel()
        .forEach(part -> rows.compute(bound(m, part, parts), bound(m, part + 1, parts)));
  }

  /** One part per core for a large product with rows to split, else one. */
  private static int parts(int m, int n, int k) {
    if ((long) m * n * k < PARALLEL_TERMS || m < 8) {
      return 1;
    }
    return Math.min(MatrixBackends.threads(), m / 4);
  }

  /**
   * The first row of part {@code part}, a multiple of four so each part keeps its four-row steps.
   */
  private static int bound(int m, int part, int parts) {
    return part == parts ? m : (int) ((long) (m / 4) * part / parts) * 4;
  }

  /**
   * One thread's work space: B's rows for the products it starts, which the threads that help read,
   * and the output rows it sums. B's rows are claimed for the length of a product, as a guard:
   * should a pool thread, while it waits for the parts of its product, run a task that starts
   * another product, that one gets fresh rows rather than overwrite those the first product's parts
   * are reading. The output rows need no claim: a part never waits inside its loop.
   */
  private static final class Space {
    float[][] floatRows;
    double[][] doubleRows;
    private boolean claimed;
    final Float32TunedKernels.Accumulators floats = new Float32TunedKernels.Accumulators();
    final Float64TunedKernels.Accumulators doubles = new Float64TunedKernels.Accumulators();

    /** True if B's rows were free and are now this product's. */
    boolean claim() {
      if (claimed) {
        return false;
      }
      claimed = true;
      return true;
    }

    // Rows are kept only while small: a thread that serves a very wide network should not hold a
    // copy of its largest weight matrix for good.

    void keep(boolean own, float[][] rows) {
      if (own) {
        floatRows = small(rows.length, rows.length == 0 ? 0 : rows[0].length) ? rows : null;
      }
    }

    void keep(boolean own, double[][] rows) {
      if (own) {
        doubleRows = small(rows.length, rows.length == 0 ? 0 : rows[0].length) ? rows : null;
      }
    }

    private static boolean small(int rows, int columns) {
      return (long) rows * columns <= KEPT_ELEMENTS;
    }

    void release(boolean own) {
      if (own) {
        claimed = false;
      }
    }
  }
}
