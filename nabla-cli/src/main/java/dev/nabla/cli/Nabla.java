package dev.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
      ExportCommand.class,
      ImportCommand.class,
      PlaygroundCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Nabla implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The command ran and did what it was asked. */
  public static final int SUCCESS = 0;

  /**
   * Bad data, a bad model or recipe file, a bad setting, divergence: something the user can fix.
   */
  public static final int USER_ERROR = 1;

  /** The command line itself is wrong: an unknown option, a missing value, a bad number. */
  public static final int USAGE = 2;

  /** Nabla failed where it should not: a bug, to report. */
  public static final int INTERNAL_ERROR = 3;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of an internal error")
  static boolean debug;

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println(
          "nabla: out of memory: the data or the network do not fit in this JVM's heap; give"
              + " Java more with JAVA_OPTS=-Xmx… (for example -Xmx8g)");
      code = USER_ERROR;
    }
    System.exit(code);
  }

  /**
   * The configured command line, for {@link #main} and tests. Exit codes, one scheme for every
   * command: {@value #SUCCESS} success; {@value #USER_ERROR} a problem the user can fix (bad data,
   * a bad model or recipe, a bad setting, divergence), printed as one line, {@code nabla: message};
   * {@value #USAGE} a bad command line, printed as one line and where to find help; {@value
   * #INTERNAL_ERROR} a bug, which says so, with its stack trace under {@code --debug}.
   */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new Nabla()));
  }

  /** Gives {@code commandLine} Nabla's exit codes, error printing and version. */
  static CommandLine configure(CommandLine commandLine) {
    Version version = new Version();
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(version);
    }
    CommandLine train = commandLine.getSubcommands().get("train");
    if (train != null) {
      HelpSections.apply(
          train,
          Map.of(
              "--data", "Data:",
              "--recipe", "Recipe (what determines the run; see docs/recipes.md):",
              "--checkpoint-dir", "Run:",
              "--help", "Help:"));
    }
    commandLine.setParameterExceptionHandler(Nabla::usageError);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          if (isUserError(exception)) {
            command.getErr().println("nabla: " + describe(exception));
            command.getErr().flush();
            return USER_ERROR;
          }
          command
              .getErr()
              .println(
                  "nabla: internal error: "
                      + exception
                      + "\nThis is a bug in Nabla. Please report it with the command you ran"
                      + (debug
                          ? " and the stack trace below."
                          : "; run it again with --debug for the stack trace."));
          if (debug) {
            exception.printStackTrace(command.getErr());
          }
          command.getErr().flush();
          return INTERNAL_ERROR;
        });
    return commandLine;
  }

  /**
   * The message, with the file named: the JDK's file errors say only the path ("nosuch.csv"), or
   * only the reason ("Is a directory").
   */
  static String describe(Exception exception) {
    Throwable cause =
        exception instanceof java.io.UncheckedIOException && exception.getCause() != null
            ? exception.getCause()
            : exception;
    if (cause instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (cause instanceof java.nio.file.FileAlreadyExistsException exists) {
      return exists.getFile() + " is a file, where a folder was asked for";
    }
    if (cause instanceof java.nio.file.AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    if (cause instanceof java.nio.file.FileSystemException failed && failed.getFile() != null) {
      return failed.getFile()
          + ": "
          + (failed.getReason() != null ? failed.getReason() : failed.getClass().getSimpleName());
    }
    return exception.getMessage();
  }

  /** Errors a user can fix, whose message says what and where. */
  static boolean isUserError(Throwable exception) {
    return exception instanceof IOException
        || exception instanceof java.io.UncheckedIOException
        || exception instanceof IllegalArgumentException
        || exception instanceof dev.nabla.io.data.DataException
        || exception instanceof dev.nabla.training.TrainingDivergedException;
  }

  /** A bad command line: one line saying what is wrong, and where the help is. */
  private static int usageError(CommandLine.ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("nabla: " + exception.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
    err.println("see '" + command.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return USAGE;
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
