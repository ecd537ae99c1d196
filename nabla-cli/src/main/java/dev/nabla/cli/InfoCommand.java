package dev.nabla.cli;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nabla info}: what a model file holds. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Shows a model's architecture, parameter counts, labels, preprocessing and provenance.")
final class InfoCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", arity = "0..1", description = "the model file")
  Path modelFile;

  @picocli.CommandLine.Option(
      names = "--backend",
      description = "show which matrix backends were found and which one is in use")
  boolean backend;

  @picocli.CommandLine.Option(
      names = "--recipe",
      description =
          "print only the model's recipe, as JSON: save it and `nabla train --recipe` replays the"
              + " run")
  boolean recipeOnly;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (backend) {
      out.println("matrix backends:");
      for (String line : dev.nabla.tensor.MatrixBackends.report()) {
        out.println("  " + line);
      }
      out.println("training steps:");
      out.println("  " + dev.nabla.training.Sharding.describe());
      out.flush();
      if (modelFile == null) {
        return 0;
      }
      out.println();
    }
    if (modelFile == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give a MODEL file, or --backend");
    }
    if (java.nio.file.Files.isRegularFile(modelFile)
        && !RecipeOptions.isModelFile(modelFile)
        && java.nio.file.Files.readString(modelFile).strip().startsWith("{")) {
      throw new IllegalArgumentException(
          modelFile
              + " is a recipe, not a model: nabla train --recipe "
              + modelFile
              + " --data … trains one");
    }
    Model model = ModelFile.read(modelFile);
    if (recipeOnly) {
      if (model.recipe() == null) {
        throw new IllegalArgumentException(
            modelFile + " holds no recipe: it was trained without one, or by an older Nabla");
      }
      out.print(RecipeJson.toText(model.recipe()));
      out.flush();
      return 0;
    }
    out.println(modelFile);
    out.println();
    out.print(model.network().summary());
    out.println();
    out.println("task: " + (model.isClassification() ? "classification" : "regression"));
    out.println("loss: " + model.loss());
    if (model.isClassification()) {
      out.println(
          "classes (" + model.labelNames().size() + "): " + String.join(", ", model.labelNames()));
    }
    int shown = Math.min(10, model.featureNames().size());
    out.println(
        "features ("
            + model.featureNames().size()
            + "): "
            + String.join(", ", model.featureNames().subList(0, shown))
            + (shown < model.featureNames().size() ? ", …" : ""));
    out.println("scaling: " + model.scaler().kind());
    if (!model.provenance().isEmpty()) {
      out.println();
      out.println("provenance:");
      model.provenance().forEach((key, value) -> out.println("  " + key + ": " + value));
    }
    out.println();
    if (model.recipe() == null) {
      out.println("recipe: not recorded (the model was trained without one, or by an older Nabla)");
    } else {
      out.println("recipe (nabla info --recipe prints it alone; nabla train --recipe replays it):");
      for (String line : RecipeJson.toText(model.recipe()).split("\n")) {
        out.println("  " + line);
      }
    }
    out.flush();
    return 0;
  }
}
