package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.MatrixBackend;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.testing.BackendDifferential;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways of calling OpenBLAS against the Java reference kernels on random shapes with 0, 1 and
 * more in every dimension, both precisions, replacing and accumulating. The two sum in different
 * orders, so they agree to rounding: 1e-12 in float64 and 1e-4 in float32, for sums of up to 37
 * terms of size ~1.
 */
class OpenBlasBackendTest {
  static Stream<MatrixBackend> backends() {
    return Stream.of(new DirectOpenBlasBackend(), new OpenBlasBackend());
  }

  @Test
  void theDirectBackendIsInUseWhenOnTheClassPath() {
    assertEquals(
        "openblas-direct", MatrixBackends.current().name(), MatrixBackends.report().toString());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyProductMatchesTheReferenceKernelsToRounding(MatrixBackend fast) {
    BackendDifferential.compareOnEverySize(fast, 1, 1e-12, 1e-4);
  }
}
