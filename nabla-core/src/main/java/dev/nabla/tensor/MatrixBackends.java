package dev.nabla.tensor;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the {@link MatrixBackend} for the process: the working backend of highest priority found
 * with {@link ServiceLoader}, or else the tuned Java kernels ({@link TunedJavaBackend}), with the
 * plain reference kernels ({@link JavaBackend}) always there to force. A backend works if it can be
 * created and computes a small product the same as the Java kernels. The system property {@code
 * nabla.backend} (e.g. {@code -Dnabla.backend=java}) names the one to use instead.
 *
 * <p>The choice is process-wide, like a BLAS library's, and holds no model state.
 */
public final class MatrixBackends {
  private static volatile MatrixBackend current;
  private static volatile List<String> report;

  private MatrixBackends() {}

  /** The backend in use. */
  public static MatrixBackend current() {
    MatrixBackend backend = current;
    if (backend == null) {
      synchronized (MatrixBackends.class) {
        if (current == null) {
          current = choose();
        }
        backend = current;
      }
    }
    return backend;
  }

  /** One line per backend found: its name, priority, and whether it works or why not. */
  public static List<String> report() {
    current();
    return report;
  }

  private static MatrixBackend choose() {
    List<MatrixBackend> working = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    JavaBackend java = new JavaBackend();
    working.add(java);
    lines.add("java (priority 0): works, always available");
    consider(new TunedJavaBackend(), working, lines);
    ServiceLoader<MatrixBackend> loader = ServiceLoader.load(MatrixBackend.class);
    for (ServiceLoader.Provider<MatrixBackend> provider : loader.stream().toList()) {
      try {
        consider(provider.get(), working, lines);
      } catch (Throwable unavailable) {
        // A native library that cannot load is a backend we do without, not an error.
        lines.add(provider.type().getName() + ": unavailable: " + reason(unavailable));
      }
    }
    String forced = System.getProperty("nabla.backend");
    MatrixBackend chosen =
        forced == null
            ? working.stream().max(Comparator.comparingInt(MatrixBackend::priority)).orElse(java)
            : working.stream()
                .filter(backend -> backend.name().equals(forced))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "-Dnabla.backend=" + forced + " names no working backend: " + lines));
    lines.add("in use: " + chosen.name());
    report = List.copyOf(lines);
    return chosen;
  }

  /** Reports {@code backend} and keeps it among the working ones if it passes its self-check. */
  private static void consider(
      MatrixBackend backend, List<MatrixBackend> working, List<String> lines) {
    String problem = selfCheck(backend);
    lines.add(
        backend.name()
            + " (priority "
            + backend.priority()
            + "): "
            + (problem == null ? "works" : problem));
    if (problem == null) {
      working.add(backend);
    }
  }

  /** The error that says why, beneath the wrappers that service loading and class loading add. */
  private static Throwable reason(Throwable unavailable) {
    Throwable reason = unavailable;
    while ((reason instanceof ServiceConfigurationError
            || reason instanceof ExceptionInInitializerError
            || reason instanceof InvocationTargetException)
        && reason.getCause() != null) {
      reason = reason.getCause();
    }
    return reason;
  }

  /** Null if the backend computes a 3 × 2 · (2 × 3)ᵀ product as the Java kernels do. */
  private static String selfCheck(MatrixBackend backend) {
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {0.5f, -1, 2, 0.25f, 3, -2};
    float[] expected = new float[4];
    float[] actual = new float[4];
    Float32Kernels.multiplyTransposedB(a, b, expected, 2, 2, 3, false);
    backend.multiplyTransposedB(a, b, actual, 2, 2, 3, false);
    for (int index = 0; index < expected.length; index++) {
      if (Math.abs(expected[index] - actual[index]) > 1e-5f) {
        return "fails its self-check: " + actual[index] + " where " + expected[index] + " is right";
      }
    }
    return null;
  }
}
