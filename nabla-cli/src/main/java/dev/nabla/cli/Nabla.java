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
    subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class Nabla implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Nabla());
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
