package dev.nabla.gradcheck;

/**
 * How well backpropagation's gradient of one tensor matches central differences.
 *
 * @param name the dotted parameter name, or {@code input}
 * @param size the number of elements compared
 * @param maxError the largest {@code |analytic − numeric| / max(1, |analytic|, |numeric|)}: a
 *     relative error for gradients larger than 1, an absolute one below, so that near-zero
 *     gradients do not turn rounding noise into large ratios
 * @param worstIndex the flat index of that element, or -1 for an empty tensor
 * @param analytic backpropagation's value there
 * @param numeric the central difference there
 */
public record TensorCheck(
    String name, int size, double maxError, int worstIndex, double analytic, double numeric) {}
