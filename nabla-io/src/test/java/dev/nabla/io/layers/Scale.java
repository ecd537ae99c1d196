package dev.nabla.io.layers;

import dev.nabla.config.Config;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerType;
import dev.nabla.layers.TensorSpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A layer type a program adds: {@code a = factor·x}, with a fixed {@code factor}. It is one class
 * and one call, {@code LayerTypes.register(Scale.TYPE)}; nothing else in Nabla changes for model
 * files, recipes, {@code --layers} text and explain's formulas to know it.
 */
final class Scale implements Layer {
  static final LayerType TYPE =
      new LayerType() {
        @Override
        public String name() {
          return "scale";
        }

        @Override
        public List<String> settings() {
          return List.of("factor");
        }

        @Override
        public int outputSize(Config config, int inputSize) {
          config.requireOnly(settings());
          double factor = config.number("factor");
          if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("'factor' must be finite, got " + factor);
          }
          return inputSize;
        }

        @Override
        public Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype) {
          outputSize(config, inputSize);
          return Map.of();
        }

        @Override
        public Layer create(Config config, int inputSize, DType dtype, RandomGenerator random) {
          outputSize(config, inputSize);
          return new Scale(config.number("factor"));
        }

        @Override
        public String forwardFormula(Config config, String input, String output) {
          return output + " = " + config.number("factor") + "·" + input;
        }

        @Override
        public String backwardFormula(Config config) {
          return "∂L/∂input = " + config.number("factor") + "·∂L/∂output";
        }
      };

  private final double factor;

  Scale(double factor) {
    this.factor = factor;
  }

  @Override
  public int inputSize() {
    return ANY_SIZE;
  }

  @Override
  public int outputSize(int inputSize) {
    return inputSize;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor output = input.copy();
    output.scaleInPlace(factor);
    return output;
  }

  @Override
  public Tensor backward(Tensor outputGradient) {
    Tensor inputGradient = outputGradient.copy();
    inputGradient.scaleInPlace(factor);
    return inputGradient;
  }

  @Override
  public LayerSpec spec() {
    return LayerSpec.of(TYPE.name(), "factor", factor);
  }

  @Override
  public Layer copy(DType dtype) {
    return new Scale(factor);
  }

  @Override
  public String toString() {
    return "Scale(" + factor + ")";
  }
}
