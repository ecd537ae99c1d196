package dev.nabla.cli;

import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.layers.LayerText;
import dev.nabla.network.Network;
import dev.nabla.onnx.OnnxImport;
import dev.nabla.onnx.StateDictImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla import}: an ONNX model, or a PyTorch state_dict, as a Nabla model file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an ONNX model of a multilayer perceptron (what torch.onnx.export writes for an"
          + " nn.Sequential of Linear layers and activations, or what nabla export wrote) and"
          + " writes it as a Nabla model. With --layers and --inputs, FILE is instead a PyTorch"
          + " state_dict saved as safetensors. See docs/onnx.md."
    })
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the .onnx file, or the .safetensors state_dict")
  Path input;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "MODEL",
      description = "the model file to write, e.g. model.nabla")
  Path output;

  @Option(
      names = "--layers",
      paramLabel = "LAYERS",
      description =
          "for a state_dict: its network as --layers text, e.g. '64:relu, 10' (no default)")
  String layers;

  @Option(
      names = "--inputs",
      paramLabel = "N",
      description = "for a state_dict: the number of input features (no default)")
  Integer inputs;

  @Option(
      names = "--labels",
      split = ",",
      paramLabel = "LABEL",
      description =
          "class labels, one per output, for a model from elsewhere: it becomes a classifier whose"
              + " outputs are logits (default: none, a model of raw outputs)")
  List<String> labels;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if ((layers == null) != (inputs == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--layers and --inputs go together, for a state_dict");
    }
    if (inputs != null && inputs < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--inputs must be at least 1, got " + inputs);
    }
    Model model;
    if (layers != null) {
      var specs = LayerText.parse(layers, "--layers");
      Network network = StateDictImport.read(input, specs, inputs);
      List<String> features = new ArrayList<>();
      for (int i = 1; i <= inputs; i++) {
        features.add("x" + i);
      }
      double[] ones = new double[inputs];
      Arrays.fill(ones, 1);
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("imported_from", input.toString());
      provenance.put("layers", layers);
      model =
          new Model(
              network,
              "mse",
              new Scaler("none", new double[inputs], ones),
              features,
              List.of(),
              provenance);
    } else {
      model = OnnxImport.read(input);
    }
    if (labels != null) {
      model = withLabels(model);
    }
    ModelFile.write(output, model);
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + output);
    out.print(model.network().summary());
    out.flush();
    return 0;
  }

  /**
   * The model as a classifier of {@code labels}: a network that ends in softmax gives probabilities
   * (categorical cross-entropy), any other logits (softmax cross-entropy).
   */
  private Model withLabels(Model model) {
    var layers = model.network().layers();
    boolean softmax =
        !layers.isEmpty()
            && layers.get(layers.size() - 1).spec().toString().contains("activation=softmax");
    return new Model(
        model.network(),
        softmax ? "categorical_cross_entropy" : "softmax_cross_entropy",
        model.scaler(),
        model.featureNames(),
        labels,
        model.provenance());
  }
}
