package dev.nabla.cli;

import dev.nabla.examples.Demo;
import dev.nabla.examples.DemoReport;
import dev.nabla.examples.Demos;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla demo [NAME]}: trains a network on a built-in problem and prints what it learned. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a network on a built-in problem and prints what it learned.",
      "With no NAME, runs '"
          + Demos.DEFAULT
          + "', shows its progress and writes its model and plots. The seed* demos redo the seed"
          + " notebooks' experiments correctly."
    })
final class DemoCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = "the demo to run; --list shows them all")
  String name = Demos.DEFAULT;

  @Option(
      names = {"-l", "--list"},
      description = "list the demos and exit")
  boolean list;

  @Option(
      names = "--output-dir",
      defaultValue = "nabla-demo",
      paramLabel = "DIR",
      description = "where a demo's model and plots go (default: ${DEFAULT-VALUE})")
  Path outputDirectory;

  @Option(names = "--no-files", description = "write no model or plots")
  boolean noFiles;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (Demo demo : Demos.all()) {
        out.printf("%-8s  %s%n", demo.name(), demo.description());
      }
      return 0;
    }
    Demo demo;
    try {
      demo = Demos.named(name);
    } catch (IllegalArgumentException unknown) {
      throw new CommandLine.ParameterException(spec.commandLine(), unknown.getMessage());
    }
    DemoReport report = demo.run(new Progress(out, System.console() != null, false));
    DemoReport.Trained trained = report.trained();
    if (trained != null) {
      out.println();
    }
    out.print(report.render());
    if (!noFiles && !report.saved().isEmpty()) {
      out.println();
      for (DemoReport.Saved saved : report.saved()) {
        Path file = outputDirectory.resolve(saved.name() + ".nabla");
        ModelFile.write(
            file,
            new Model(
                saved.network(),
                saved.loss(),
                Scaler.fit("none", Tensor.zeros(DType.FLOAT64, 0, saved.network().inputSize())),
                saved.featureNames(),
                saved.labelNames(),
                Map.of(
                    "demo",
                    demo.name(),
                    "nabla",
                    Nabla.version(),
                    "network",
                    saved.description())));
        out.println("wrote " + file + ": " + saved.description());
      }
    }
    if (trained != null && !noFiles) {
      Model model =
          new Model(
              trained.network(),
              trained.loss(),
              Scaler.fit("none", trained.inputs()),
              trained.featureNames(),
              trained.labelNames(),
              Map.of("demo", demo.name(), "nabla", Nabla.version()),
              trained.recipe());
      Path modelFile = outputDirectory.resolve(demo.name() + ".nabla");
      ModelFile.write(modelFile, model);
      out.println();
      out.println("wrote " + modelFile);
      Dataset training =
          new Dataset(
              trained.inputs(),
              trained.targets(),
              trained.featureNames(),
              trained.labelNames(),
              demo.name());
      Dataset test =
          trained.testInputs() == null
              ? null
              : new Dataset(
                  trained.testInputs(),
                  trained.testTargets(),
                  trained.featureNames(),
                  trained.labelNames(),
                  demo.name() + " test");
      Plots.write(
          outputDirectory.resolve("plots"), trained.result(), model, training, test, out, false);
    }
    out.flush();
    return 0;
  }
}
