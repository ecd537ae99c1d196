package dev.nabla.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.Config;
import dev.nabla.layers.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A step split into ranges of the parameters' elements, run part by part, is the whole step bit for
 * bit: for every optimizer and the settings that add state (momentum, Nesterov, AMSGrad, a centred
 * RMSProp, Adagrad's starting accumulator), in both precisions, over three steps.
 */
class SplitStepTest {
  static Stream<Arguments> optimizers() {
    Stream<OptimizerSpec> specs =
        Stream.of(
            new OptimizerSpec("sgd", Config.of("learningRate", 0.1)),
            new OptimizerSpec(
                "sgd", Config.of("learningRate", 0.1, "momentum", 0.9, "weightDecay", 0.01)),
            new OptimizerSpec(
                "sgd", Config.of("learningRate", 0.1, "momentum", 0.9, "nesterov", true)),
            new OptimizerSpec("adam", Config.of("learningRate", 0.01, "amsgrad", true)),
            new OptimizerSpec("adamw", Config.of("learningRate", 0.01, "weightDecay", 0.1)),
            new OptimizerSpec(
                "rmsprop", Config.of("learningRate", 0.01, "centered", true, "momentum", 0.5)),
            new OptimizerSpec(
                "adagrad", Config.of("learningRate", 0.1, "initialAccumulatorValue", 0.1)));
    return specs.flatMap(
        spec -> Stream.of(Arguments.of(spec, DType.FLOAT64), Arguments.of(spec, DType.FLOAT32)));
  }

  private static Map<String, Parameter> parameters(DType dtype) {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    for (String name : new String[] {"0.weights", "0.bias", "2.weights"}) {
      int size = name.equals("0.bias") ? 7 : 61;
      Parameter parameter = new Parameter(Tensor.zeros(dtype, size));
      for (int index = 0; index < size; index++) {
        parameter.value().set(index, random.nextGaussian());
      }
      parameters.put(name, parameter);
    }
    return parameters;
  }

  private static void gradients(Map<String, Parameter> parameters, int step) {
    SplittableRandom random = new SplittableRandom(10 + step);
    for (Parameter parameter : parameters.values()) {
      for (int index = 0; index < parameter.gradient().size(); index++) {
        parameter.gradient().set(index, random.nextGaussian());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void aStepInPartsIsTheWholeStep(OptimizerSpec spec, DType dtype) {
    Optimizer whole = spec.create();
    Optimizer split = spec.create();
    Map<String, Parameter> expected = parameters(dtype);
    Map<String, Parameter> actual = parameters(dtype);
    for (int step = 0; step < 3; step++) {
      gradients(expected, step);
      gradients(actual, step);
      whole.step(expected);
      assertTrue(split.beginSplitStep(actual));
      // Out of order, as threads may run them.
      for (int part : new int[] {2, 0, 1}) {
        split.stepPart(part, 3);
      }
      for (String name : expected.keySet()) {
        assertArrayEquals(
            expected.get(name).value().toDoubleArray(),
            actual.get(name).value().toDoubleArray(),
            spec + " " + dtype + ", step " + (step + 1) + ", " + name);
      }
    }
    Map<String, Tensor> wholeState = whole.state();
    Map<String, Tensor> splitState = split.state();
    assertTrue(wholeState.keySet().equals(splitState.keySet()), splitState.keySet().toString());
    for (String key : wholeState.keySet()) {
      assertArrayEquals(
          wholeState.get(key).toDoubleArray(), splitState.get(key).toDoubleArray(), key);
    }
  }
}
