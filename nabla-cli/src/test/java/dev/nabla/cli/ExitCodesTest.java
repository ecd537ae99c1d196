package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** One exit-code scheme: 0 success, 1 a user's problem, 2 a bad command line, 3 a bug. */
class ExitCodesTest {
  private final StringWriter err = new StringWriter();

  private int run(CommandLine commandLine, String... args) {
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void aBadOptionIsOneLineAndWhereTheHelpIs() {
    assertEquals(Nabla.USAGE, run(Nabla.commandLine(), "train", "--data", "x.csv", "--epoch", "3"));
    String message = err.toString();
    assertTrue(message.startsWith("nabla: Unknown options: '--epoch', '3'"), message);
    assertTrue(message.contains("--epochs"), "suggests the option meant: " + message);
    assertTrue(message.strip().endsWith("see 'nabla train --help'"), message);
    assertTrue(message.lines().count() <= 4, "no page of usage: " + message);
  }

  @Test
  void aMissingFileIsTheUsersProblem() {
    assertEquals(Nabla.USER_ERROR, run(Nabla.commandLine(), "info", "nosuch.nabla"));
    assertEquals("nabla: nosuch.nabla: no such file", err.toString().strip());
  }

  @Test
  void everySubcommandKnowsTheVersion() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    assertEquals(0, commandLine.execute("train", "--version"));
    assertTrue(out.toString().startsWith("nabla "), out.toString());
  }

  @Test
  void trainsHelpIsInSections() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    assertEquals(0, commandLine.execute("train", "--help"));
    String help = out.toString();
    int data = help.indexOf("\nData:\n");
    int recipe = help.indexOf("\nRecipe (what determines the run");
    int run = help.indexOf("\nRun:\n");
    assertTrue(0 < data && data < recipe && recipe < run, help);
    assertTrue(
        help.lastIndexOf("--epochs=N") > recipe && help.lastIndexOf("--epochs=N") < run, help);
  }

  @Test
  void badValuesAreUsageErrorsInPlainWords() {
    assertEquals(
        Nabla.USAGE, run(Nabla.commandLine(), "train", "--data", "x.csv", "--epochs", "-1"));
    assertTrue(
        err.toString().startsWith("nabla: --epochs must be at least 1, got -1"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(
        Nabla.USAGE, run(Nabla.commandLine(), "train", "--data", "x.csv", "--delimiter", ""));
    assertTrue(err.toString().contains("'' is not one character"), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(
        Nabla.USAGE,
        run(Nabla.commandLine(), "train", "--data", "x.csv", "--schedule", "exponential:NaN"));
    assertTrue(err.toString().contains("'nan' is not a number"), err.toString());
  }

  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("an invariant failed");
    }
  }

  @Test
  void aBugSaysItIsABugAndShowsTheTraceOnlyWithDebug() {
    CommandLine plain = Nabla.configure(new CommandLine(new Broken()));
    assertEquals(Nabla.INTERNAL_ERROR, run(plain));
    assertTrue(
        err.toString()
            .startsWith(
                "nabla: internal error: java.lang.IllegalStateException: an invariant failed\n"
                    + "This is a bug in Nabla."),
        err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace without --debug");

    Nabla.debug = true;
    try {
      err.getBuffer().setLength(0);
      assertEquals(Nabla.INTERNAL_ERROR, run(Nabla.configure(new CommandLine(new Broken()))));
      assertTrue(err.toString().contains("\tat "), err.toString());
    } finally {
      Nabla.debug = false;
    }
  }
}
