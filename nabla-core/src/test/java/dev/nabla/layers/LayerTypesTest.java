package dev.nabla.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.config.Config;
import dev.nabla.network.Architecture;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layers that know themselves: every registered type rebuilds what it describes. */
class LayerTypesTest {
  private static Network everyType() {
    return Network.builder(3)
        .seed(2)
        .dense(5, Activations.leakyRelu(-0.2))
        .batchNorm()
        .dropout(0.25)
        .denseWithoutBias(2)
        .activation(Activations.softmax())
        .build();
  }

  @Test
  void everyLayerRebuildsFromItsSpecWithTheTensorsItsTypeDeclares() {
    Network network = everyType();
    int width = network.inputSize();
    for (Layer layer : network.layers()) {
      LayerSpec spec = layer.spec();
      LayerType type = LayerTypes.get(spec.type());
      Layer rebuilt = type.create(spec.config(), width, DType.FLOAT32, new SplittableRandom(1));
      assertEquals(spec, rebuilt.spec(), layer.toString());
      assertEquals(layer.toString(), rebuilt.toString());
      Map<String, TensorSpec> declared = type.tensors(spec.config(), width, DType.FLOAT32);
      Map<String, TensorSpec> actual = new LinkedHashMap<>();
      rebuilt
          .parameters()
          .forEach((name, p) -> actual.put(name, new TensorSpec(p.shape(), p.dtype(), true)));
      rebuilt
          .buffers()
          .forEach((name, b) -> actual.put(name, new TensorSpec(b.shape(), b.dtype(), false)));
      assertEquals(declared, actual, layer.toString());
      assertEquals(layer.outputSize(width), type.outputSize(spec.config(), width));
      width = type.outputSize(spec.config(), width);
    }
  }

  @Test
  void anArchitectureListsEveryTensorBeforeAnythingIsBuilt() {
    Network network = everyType();
    Architecture architecture = Architecture.of(network);
    Map<String, Shape> expected = new LinkedHashMap<>();
    network.parameters().forEach((name, p) -> expected.put(name, p.shape()));
    network.buffers().forEach((name, b) -> expected.put(name, b.shape()));
    Map<String, Shape> declared = new LinkedHashMap<>();
    architecture.tensors().forEach((name, spec) -> declared.put(name, spec.shape()));
    assertEquals(expected, declared);
    assertEquals(2, architecture.outputSize());
  }

  @Test
  void aNetworkBuiltFromSpecsHasTheWeightsTheBuilderDraws() {
    Network drawn = everyType();
    Network fromSpecs = Architecture.of(drawn).build(2);
    for (String name : drawn.parameters().keySet()) {
      assertArrayEquals(
          drawn.parameter(name).value().toDoubleArray(),
          fromSpecs.parameter(name).value().toDoubleArray(),
          name);
    }
    assertEquals(drawn.toString(), fromSpecs.toString());
  }

  @Test
  void badSpecsNameTheLayerAndTheSetting() {
    assertEquals(
        "unknown layer type 'conv'; the layer types are dense, activation, dropout, batchNorm",
        assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(2).layer(LayerSpec.of("conv", "units", 3)))
            .getMessage()
            .replace("layer 0 (conv): ", ""));
    assertEquals(
        "layer 1 (dense): unknown setting 'unit' (did you mean units?); the settings are units, bias,"
            + " weightInitializer, biasInitializer",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    architecture(
                        LayerSpec.of("dense", "units", 4), LayerSpec.of("dense", "unit", 2)))
            .getMessage());
    assertEquals(
        "layer 0 (dense): 'units' must be a whole number ≥ 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> architecture(LayerSpec.of("dense", "units", 0)))
            .getMessage());
    assertEquals(
        "layer 0 (dense): 'units' must be a whole number, got \"four\"",
        assertThrows(
                IllegalArgumentException.class,
                () -> architecture(LayerSpec.of("dense", "units", "four")))
            .getMessage());
    assertEquals(
        "layer 0 (dropout): 'rate' must be in [0, 1), got 1.5",
        assertThrows(
                IllegalArgumentException.class,
                () -> architecture(LayerSpec.of("dropout", "rate", 1.5)))
            .getMessage());
    assertEquals(
        "layer 0 (dense): a dense layer of 100000 → 100000 needs 10000000000 weights, more than"
            + " one Java array holds",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new Architecture(
                        100000, DType.FLOAT32, List.of(LayerSpec.of("dense", "units", 100000))))
            .getMessage());
  }

  @Test
  void aRecipesLossMustFitItsLastLayer() {
    String[][] cases = {
      {"4:tanh,2:softmax", "softmax_cross_entropy", "softmax_cross_entropy takes logits"},
      {"4:tanh,2", "categorical_cross_entropy", "categorical_cross_entropy takes probabilities"},
      {"4:tanh,1", "binary_cross_entropy", "binary_cross_entropy takes probabilities"},
      {"4:tanh,1:sigmoid", "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits"},
    };
    for (String[] c : cases) {
      String message =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> dev.nabla.recipe.Recipe.builder(LayerText.parse(c[0]), c[1]).build())
              .getMessage();
      assertTrue(message.startsWith(c[2]), c[0] + " with " + c[1] + ": " + message);
    }
    dev.nabla.recipe.Recipe.builder(
            LayerText.parse("4:tanh,2:softmax"), "categorical_cross_entropy")
        .build();
    dev.nabla.recipe.Recipe.builder(LayerText.parse("4:tanh,1:sigmoid"), "binary_cross_entropy")
        .build();
  }

  @Test
  void aRecipeNeedsALayer() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> dev.nabla.recipe.Recipe.builder(List.of(), "mse").build())
            .getMessage()
            .startsWith("a recipe needs at least one layer"));
  }

  private static Architecture architecture(LayerSpec... specs) {
    return new Architecture(2, DType.FLOAT64, List.of(specs));
  }

  @Test
  void theLayerTextBecomesSpecs() {
    assertEquals(
        List.of(
            LayerSpec.of("dense", "units", 16),
            LayerSpec.of("activation", "activation", "leaky_relu(-0.2)"),
            LayerSpec.of("dropout", "rate", 0.5),
            LayerSpec.of("batchNorm"),
            LayerSpec.of("dense", "units", 8)),
        LayerText.parse("16:leaky_relu(-0.2), dropout:0.5, batchnorm, 8:linear"));
    assertEquals(
        "cannot read --layers at character 4: 'x' is not a number of units, dropout:RATE,"
            + " batchnorm or TYPE(SETTING=VALUE, …)\n  16,x\n     ^",
        assertThrows(IllegalArgumentException.class, () -> LayerText.parse("16,x", "--layers"))
            .getMessage());
  }

  @Test
  void anyRegisteredTypeIsWrittenWithItsSettings() {
    assertEquals(
        List.of(
            LayerSpec.of("dense", "units", 8, "bias", false),
            LayerSpec.of("batchNorm"),
            LayerSpec.of("activation", "activation", "leaky_relu(-0.2)"),
            LayerSpec.of("dropout", "rate", 0.25, "seed", 7)),
        LayerText.parse(
            "dense(units=8, bias=false), batchNorm(), activation(activation=leaky_relu(-0.2)),"
                + " dropout(rate=0.25, seed=7)"));
    assertEquals(
        "cannot read the layers at character 1: dense: 'units' must be a whole number ≥ 1, got 0"
            + "\n  dense(units=0)\n  ^",
        assertThrows(IllegalArgumentException.class, () -> LayerText.parse("dense(units=0)"))
            .getMessage());
    assertEquals(
        "cannot read the layers at character 7: expected NAME=VALUE, got 'units'"
            + "\n  dense(units)\n        ^",
        assertThrows(IllegalArgumentException.class, () -> LayerText.parse("dense(units)"))
            .getMessage());
    assertEquals(
        List.of(LayerSpec.of("batchNorm", "momentum", 0.01)),
        LayerText.parse("batchnorm(momentum=0.01)"),
        "type names ignore case, as the short forms do");
    String[][] bad = {
      {"dense(units=64", "character 6: '(' is never closed"},
      {"8,dropout(rate=0.3)(", "character 20: '(' is never closed"},
      {"8,4)", "character 4: ')' without a '(' before it"},
      {"conv(units=3)", "character 1: unknown layer type 'conv'; the layer types are dense,"},
      {"dens(units=3)", "character 1: unknown layer type 'dens' (did you mean dense?)"},
      {"dense(units=4,units=5)", "character 15: 'units' is given twice"},
      {"dense(units=4, bias=nope)", "character 1: dense: 'bias' must be true or false"},
    };
    for (String[] c : bad) {
      String message =
          assertThrows(IllegalArgumentException.class, () -> LayerText.parse(c[0])).getMessage();
      assertTrue(
          message.startsWith("cannot read the layers at " + c[1]), c[0] + " gave: " + message);
    }
    assertEquals(
        "cannot read the layers at character 3: empty layer between commas\n  8,,4\n    ^",
        assertThrows(IllegalArgumentException.class, () -> LayerText.parse("8,,4")).getMessage());
  }

  @Test
  void aSlipOfTheKeyboardGetsASuggestionAndAnythingElseDoesNot() {
    assertEquals("relu", dev.nabla.config.Suggestions.closest("rleu", List.of("relu", "tanh")));
    assertEquals("adam", dev.nabla.config.Suggestions.closest("ADMA", List.of("adam", "sgd")));
    assertEquals(null, dev.nabla.config.Suggestions.closest("conv", List.of("dense", "dropout")));
    assertEquals(null, dev.nabla.config.Suggestions.closest("relu", List.of("relu")));
  }

  @Test
  void parameterNamesReadBackWhatTheyWrite() {
    assertEquals(ParameterName.of(12, "weights"), ParameterName.parse("layers.12.weights"));
    assertEquals("layers.3.runningMean", ParameterName.of(3, "runningMean").toString());
    assertEquals(
        "'layer.1.bias' is not a parameter name of the form layers.<index>.<name>",
        assertThrows(IllegalArgumentException.class, () -> ParameterName.parse("layer.1.bias"))
            .getMessage());
  }

  @Test
  void configsKeepTheirTypesAndOrder() {
    Config config = Config.of("units", 4, "rate", 0.5f, "bias", false, "name", "x");
    assertEquals(List.of("units", "rate", "bias", "name"), List.copyOf(config.values().keySet()));
    assertEquals(4L, config.values().get("units"));
    assertEquals(0.5, config.number("rate"));
    assertEquals(4, config.integer("units", 1));
    assertEquals(4.0, config.number("units"));
    assertEquals(3, Config.of("epochs", 3.0).integer("epochs", 1));
    assertEquals(
        "'bias' must be true or false, got 1",
        assertThrows(IllegalArgumentException.class, () -> Config.of("bias", 1).bool("bias"))
            .getMessage());
  }
}
