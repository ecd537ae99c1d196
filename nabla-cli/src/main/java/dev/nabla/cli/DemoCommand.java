package dev.nabla.cli;

import dev.nabla.examples.Demo;
import dev.nabla.examples.Demos;
import java.io.PrintWriter;
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
          + "'. The seed* demos redo the seed notebooks'"
          + " experiments correctly."
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (Demo demo : Demos.all()) {
        out.printf("%-8s  %s%s%n", demo.name(), demo.description(), "");
      }
      return 0;
    }
    Demo demo;
    try {
      demo = Demos.named(name);
    } catch (IllegalArgumentException unknown) {
      throw new CommandLine.ParameterException(spec.commandLine(), unknown.getMessage());
    }
    out.print(demo.run().render());
    out.flush();
    return 0;
  }
}
