package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user runs it: arguments in, text and an exit code out. */
class NablaTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void demoWithoutANameRunsTheDefaultReportsAccuracyAndWritesModelAndPlots(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws java.io.IOException {
    assertEquals(0, run("demo", "--output-dir", directory.toString()));
    assertTrue(out.toString().startsWith("epoch 1/300  loss "), out.toString());
    assertTrue(out.toString().contains("Circles: "), out.toString());
    assertTrue(out.toString().contains("test:     9"), out.toString());
    assertTrue(java.nio.file.Files.exists(directory.resolve("circles.nabla")));
    assertTrue(java.nio.file.Files.exists(directory.resolve("plots/regions.png")));
    assertEquals(
        "outside, inside",
        String.join(
            ", ",
            dev.nabla.io.model.ModelFile.read(directory.resolve("circles.nabla")).labelNames()));
  }

  @Test
  void demoListNamesEveryDemo() {
    assertEquals(0, run("demo", "--list"));
    for (String name :
        new String[] {"circles", "seed000", "seed001", "seed002", "seed003", "seed004"}) {
      assertTrue(out.toString().contains(name + " "), name + " missing from\n" + out);
    }
  }

  @Test
  void aNamedDemoPrintsWhatItLearned() {
    assertEquals(0, run("demo", "seed002", "--no-files"));
    assertTrue(out.toString().contains("reached the target loss in epoch "), out.toString());
  }

  @Test
  void anUnknownDemoIsAUsageErrorNamingTheKnownOnes() {
    assertEquals(2, run("demo", "mnist"));
    assertTrue(
        err.toString()
            .contains(
                "unknown demo 'mnist'; known demos: circles, seed000, seed001, seed002, seed003,"
                    + " seed004"),
        err.toString());
  }

  @Test
  void helpAndVersionWork() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("demo"), out.toString());
    assertEquals(0, run("--version"));
    assertTrue(out.toString().contains("nabla 0."), out.toString());
  }

  @Test
  void infoBackendReportsTheMatrixBackendInUse() {
    assertEquals(0, run("info", "--backend"));
    assertTrue(
        out.toString().contains("java (priority 0): works, always available"), out.toString());
    assertTrue(out.toString().contains("in use: openblas"), out.toString());
    // The threading choice and the rule for splitting steps, with what it gives for the MLP.
    assertTrue(out.toString().contains("parallelism: shards"), out.toString());
    assertTrue(
        out.toString().contains("784-256-128-10 at batch 128: 2; at batch 1: 1"), out.toString());
  }

  @Test
  void aNegativeShardCountIsABadCommandLine() {
    assertEquals(2, run("train", "--data", "absent.csv", "--shards", "-1"));
    assertTrue(err.toString().contains("--shards must be 0"), err.toString());
  }
}
