package dev.nabla.tensor;

/** The pure-Java reference kernels, {@link Float32Kernels} and {@link Float64Kernels}. */
public final class JavaBackend implements MatrixBackend {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public void multiplyTransposedB(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    Float32Kernels.multiplyTransposedB(a, b, out, m, n, k, accumulate);
  }

  @Override
  public void multiplyTransposedA(
      float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    Float32Kernels.multiplyTransposedA(a, b, out, m, n, k, accumulate);
  }

  @Override
  public void multiply(float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
    Float32Kernels.multiply(a, b, out, m, n, k, accumulate);
  }

  @Override
  public void multiplyTransposedB(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    Float64Kernels.multiplyTransposedB(a, b, out, m, n, k, accumulate);
  }

  @Override
  public void multiplyTransposedA(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    Float64Kernels.multiplyTransposedA(a, b, out, m, n, k, accumulate);
  }

  @Override
  public void multiply(
      double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
    Float64Kernels.multiply(a, b, out, m, n, k, accumulate);
  }
}
