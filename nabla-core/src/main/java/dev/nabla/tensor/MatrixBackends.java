package dev.nabla.tensor;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
 * <p>The choice is process-wide, like a BLAS library's, and holds no model state; a network or a
 * training session may choose its own {@link Execution}, in force on the thread running it.
 */
public final class MatrixBackends {
  /** More providers than any class path has: a guard against an iterator that never ends. */
  private static final int MAX_PROVIDERS = 64;

  private static volatile MatrixBackend current;
  private static volatile List<String> report;
  private static volatile List<MatrixBackend> working;
  private static volatile boolean sharding;

  /** The execution a network or session chose for the calling thread, while it runs. */
  private static final ThreadLocal<Execution> SCOPED = new ThreadLocal<>();

  private MatrixBackends() {}

  /**
   * Whether Nabla splits work across the cores itself — a training batch into shards, one replica
   * of the network per core, and inference into row blocks — with every product on one thread
   * ({@code -Dnabla.parallelism=shards}, the default with more than one core), or leaves the
   * threading to the matrix library, which splits each product ({@code products}). On two cores the
   * first trains the Fashion-MNIST MLP about twice as fast: a product of a 128-row batch is too
   * small to split well, and the library's idle threads spin between products.
   */
  public static boolean sharding() {
    processBackend();
    return sharding;
  }

  /** The backend in use on this thread: its {@link Execution}'s, else the process's. */
  public static MatrixBackend current() {
    Execution scoped = SCOPED.get();
    return scoped != null ? scoped.backend() : processBackend();
  }

  /** The threads Nabla's own work may use on this thread: its execution's, else every core. */
  public static int threads() {
    Execution scoped = SCOPED.get();
    return scoped != null ? scoped.threads() : Runtime.getRuntime().availableProcessors();
  }

  /** The execution in force on this thread, or null for the process's default. */
  public static Execution scoped() {
    return SCOPED.get();
  }

  /**
   * Puts {@code execution} in force on the calling thread until {@link #exit}; null changes
   * nothing, so a network without its own execution runs with its caller's. Returns what was in
   * force, to give to {@code exit}. Allocates nothing, so a training step can use it.
   */
  public static Execution enter(Execution execution) {
    Execution previous = SCOPED.get();
    if (execution != null && execution != previous) {
      SCOPED.set(execution);
    }
    return previous;
  }

  /** Puts back what {@link #enter} returned. */
  public static void exit(Execution previous) {
    // set(null) rather than remove(): the thread's entry stays, so entering again allocates none.
    if (SCOPED.get() != previous) {
      SCOPED.set(previous);
    }
  }

  /**
   * The working backend with that name: {@code java}, {@code java-tuned}, or a native one found on
   * the class path (see {@code nabla info --backend}).
   *
   * @throws IllegalArgumentException naming the working backends if none has that name
   */
  public static MatrixBackend named(String name) {
    processBackend();
    List<String> names = new ArrayList<>();
    for (MatrixBackend backend : working) {
      if (backend.name().equals(name)) {
        return backend;
      }
      names.add(backend.name());
    }
    throw new IllegalArgumentException(
        "no working matrix backend named '" + name + "'; the working ones are " + names);
  }

  /** The process's backend, chosen once. */
  private static MatrixBackend processBackend() {
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
    processBackend();
    return report;
  }

  private static MatrixBackend choose() {
    List<MatrixBackend> working = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    JavaBackend java = new JavaBackend();
    working.add(java);
    lines.add("java (priority 0): works, always available");
    consider(new TunedJavaBackend(), working, lines);
    // The iterator rather than stream(): the browser build's class library (TeaVM) has only it.
    Iterator<MatrixBackend> providers = ServiceLoader.load(MatrixBackend.class).iterator();
    for (int attempt = 0; attempt < MAX_PROVIDERS; attempt++) {
      MatrixBackend backend;
      try {
        if (!providers.hasNext()) {
          break;
        }
        backend = providers.next();
      } catch (Throwable unavailable) {
        // A native library that cannot load is a backend we do without, not an error; the
        // service error's message names the provider.
        lines.add(unavailable.getMessage() + ": unavailable: " + reason(unavailable));
        continue;
      }
      try {
        consider(backend, working, lines);
      } catch (Throwable unavailable) {
        lines.add(backend.getClass().getName() + ": unavailable: " + reason(unavailable));
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
    String parallelism =
        System.getProperty(
            "nabla.parallelism",
            Runtime.getRuntime().availableProcessors() > 1 ? "shards" : "products");
    if (!parallelism.equals("shards") && !parallelism.equals("products")) {
      throw new IllegalStateException(
          "-Dnabla.parallelism=" + parallelism + " is neither 'shards' nor 'products'");
    }
    sharding = parallelism.equals("shards");
    if (sharding) {
      for (MatrixBackend backend : working) {
        backend.setLibraryThreads(1);
      }
    }
    lines.add(
        "parallelism: "
            + (sharding
                ? "shards (batches and inference split across the cores by Nabla, each product on"
                    + " one thread)"
                : "products (the matrix library threads each product)"));
    report = List.copyOf(lines);
    MatrixBackends.working = List.copyOf(working);
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
