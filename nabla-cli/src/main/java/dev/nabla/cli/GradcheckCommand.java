package dev.nabla.cli;

import dev.nabla.gradcheck.GradientCheckReport;
import dev.nabla.gradcheck.GradientChecker;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla gradcheck}: backpropagation against central differences for a model and data. */
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Compares a model's backpropagation gradients with float64 central differences on a batch"
          + " of data, and reports the largest error per parameter tensor.",
      "Exit code 0 when every error is within --tolerance, 1 otherwise."
    })
final class GradcheckCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "FILE",
      description = "the model file")
  Path modelFile;

  @Mixin DataOptions data;

  @Option(
      names = "--samples",
      defaultValue = "4",
      description = "the batch: the first N samples (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-6",
      description = "the largest error that passes (default: ${DEFAULT-VALUE})")
  double tolerance;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Model model = ModelFile.read(modelFile);
    Dataset dataset = data.loadFor(model, DType.FLOAT64);
    int count = Math.max(1, Math.min(samples, dataset.size()));
    int[] first = new int[count];
    for (int index = 0; index < count; index++) {
      first[index] = index;
    }
    Tensor x = model.scaler().transform(dataset.features().gatherRows(first, 0, count));
    Tensor y = dataset.targets().gatherRows(first, 0, count);
    Network network = model.network();
    network.setTraining(false);
    GradientCheckReport report = GradientChecker.check(network, model.lossFunction(), x, y);
    out.print(report);
    boolean passes = report.passes(tolerance);
    out.printf(
        Locale.ROOT,
        "%s: largest error %.3e %s tolerance %.1e on %d samples%n",
        passes ? "PASS" : "FAIL",
        report.maxError(),
        passes ? "within" : "above",
        tolerance,
        count);
    out.flush();
    return passes ? 0 : 1;
  }
}
