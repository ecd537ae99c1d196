package dev.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nabla} command line. */
@Command(
    name = "nabla",
    mixinStandardHelpOptions = true,
    versionProvider = Nabla.Version.class,
    description = "Feed-forward neural networks built from first principles.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      InfoCommand.class,
      ExplainCommand.class,
      GradcheckCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Nabla implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line, for {@link #main} and tests. Errors a user can fix (bad data, a
   * bad model file, a bad setting, divergence) print as one line, {@code nabla: message}, with exit
   * code 1; anything else is a bug and keeps its stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Nabla());
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          if (exception instanceof java.io.IOException
              || exception instanceof java.io.UncheckedIOException
              || exception instanceof IllegalArgumentException
              || exception instanceof dev.nabla.io.data.DataException
              || exception instanceof dev.nabla.training.TrainingDivergedException) {
            command.getErr().println("nabla: " + exception.getMessage());
            command.getErr().flush();
            return 1;
          }
          throw exception;
        });
    return commandLine;
  }

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  static String version() {
    try {
      return new Version().getVersion()[0].substring("nabla ".length());
    } catch (IOException e) {
      return "(unknown version)";
    }
  }

  /** With no command, show the usage: there is nothing sensible to do by default. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version Maven wrote into {@code nabla-version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Nabla.class.getResourceAsStream("/nabla-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"nabla " + properties.getProperty("version", "(unknown version)")};
    }
  }
}
