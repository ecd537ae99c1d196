package dev.nabla.initializers;

import dev.nabla.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Fills a parameter tensor with its initial values. */
public interface Initializer {
  /**
   * Fills {@code tensor}.
   *
   * @param tensor modified
   * @param fanIn inputs per unit, the {@code in} of a {@code [out × in]} weight matrix
   * @param fanOut units, the {@code out} of a {@code [out × in]} weight matrix
   * @param random the source of every random draw, advanced
   */
  void initialize(Tensor tensor, int fanIn, int fanOut, RandomGenerator random);
}
