package dev.nabla.layers;

import dev.nabla.config.Config;
import dev.nabla.tensor.DType;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What a kind of layer knows about itself, registered in {@link LayerTypes} under {@link #name()}:
 * the settings it reads, the width it gives, the tensors it owns, how it is built from its
 * settings, and its formulas. Model files, recipes, the {@code --layers} text and {@code explain}
 * all go through it, so a new kind of layer is one class and one registration.
 *
 * <p>Every method validates {@code config} and throws {@link IllegalArgumentException} naming the
 * setting at fault; {@link #tensors} and {@link #outputSize} allocate nothing, so a file's declared
 * sizes are checked before anything is built.
 */
public interface LayerType {
  /** The name files use, e.g. {@code dense}. */
  String name();

  /** The settings it reads, in the order it writes them; any other setting is an error. */
  List<String> settings();

  /** The output width for an input of {@code inputSize} features. */
  int outputSize(Config config, int inputSize);

  /** The parameters and buffers it owns, by local name, in a stable order. */
  Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype);

  /**
   * A new layer; random initial values (and seeds that are not set) are drawn from {@code random}.
   */
  Layer create(Config config, int inputSize, DType dtype, RandomGenerator random);

  /** The forward formula, e.g. {@code a1 = a0·Wᵀ + b}, with these names for input and output. */
  String forwardFormula(Config config, String input, String output);

  /** The backward formulas: how ∂L/∂input and each parameter's gradient follow from ∂L/∂output. */
  String backwardFormula(Config config);
}
