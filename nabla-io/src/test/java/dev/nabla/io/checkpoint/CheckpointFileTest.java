package dev.nabla.io.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: written by the listener, read back exactly, and bad files refused. */
class CheckpointFileTest {
  private static final Tensor[] DATA = data(new SplittableRandom(3), 200);

  /** Two classes of points, split by the line a = b. */
  private static Tensor[] data(SplittableRandom random, int samples) {
    Tensor x = Tensor.zeros(DType.FLOAT64, samples, 2);
    Tensor y = Tensor.zeros(DType.FLOAT64, samples, 2);
    for (int i = 0; i < samples; i++) {
      double a = random.nextDouble(-1, 1);
      double b = random.nextDouble(-1, 1);
      x.set(i, 0, a);
      x.set(i, 1, b);
      y.set(i, a > b ? 0 : 1, 1);
    }
    return new Tensor[] {x, y};
  }

  private static Network network() {
    return Network.builder(2).seed(1).dense(8, Activations.tanh()).dropout(0.1).dense(2).build();
  }

  private static Trainer trainer(Path directory, int epochs) {
    return Trainer.builder(Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.01).build())
        .config(TrainingConfig.builder().epochs(epochs).batchSize(32).seed(4).build())
        .listener(new CheckpointWriter(directory, 1))
        .build();
  }

  @Test
  void aRunResumedFromAFileEndsBitForBitLikeAnUninterruptedOne(@TempDir Path directory)
      throws IOException {
    Network uninterrupted = network();
    TrainingResult whole =
        trainer(directory.resolve("whole"), 5).fit(uninterrupted, DATA[0], DATA[1]);

    Network resumed = network();
    TrainingResult rest =
        trainer(directory.resolve("rest"), 5)
            .resume(
                resumed,
                CheckpointFile.read(CheckpointWriter.path(directory.resolve("whole"), 2)),
                DATA[0],
                DATA[1],
                null,
                null);

    for (String name : uninterrupted.parameters().keySet()) {
      assertArrayEquals(
          uninterrupted.parameter(name).value().toDoubleArray(),
          resumed.parameter(name).value().toDoubleArray(),
          name);
    }
    assertEquals(whole.lossHistory(), rest.lossHistory());
    assertEquals(
        CheckpointWriter.path(directory.resolve("rest"), 5),
        CheckpointWriter.latest(directory.resolve("rest")));
  }

  @Test
  void checkpointFilesRejectWhatTheyDidNotWrite(@TempDir Path directory) throws IOException {
    Path good = directory.resolve("good.checkpoint");
    trainer(directory, 1).fit(network(), DATA[0], DATA[1]);
    Files.move(CheckpointWriter.path(directory, 1), good);
    byte[] bytes = Files.readAllBytes(good);
    assertEquals(List.of("good.checkpoint"), listing(directory), "no temporary files left behind");

    Path truncated = directory.resolve("truncated.checkpoint");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(
        truncated + " is truncated: it ends before the checkpoint does",
        assertThrows(IOException.class, () -> CheckpointFile.read(truncated)).getMessage());

    Path corrupted = directory.resolve("corrupted.checkpoint");
    byte[] flipped = bytes.clone();
    flipped[bytes.length - 16] ^= 1; // the last tensor's elements, before the metadata count
    Files.write(corrupted, flipped);
    assertEquals(
        corrupted + " is corrupted: its checksum does not match its contents",
        assertThrows(IOException.class, () -> CheckpointFile.read(corrupted)).getMessage());

    Path badName = directory.resolve("bad-name.checkpoint");
    byte[] mangled = bytes.clone();
    mangled[16 + 4 + 4 + 2] = (byte) 0xFF; // the first value's name: 0xFF is never UTF-8
    Files.write(badName, mangled);
    assertEquals(
        badName + " is corrupted: a tensor or value name is not valid text",
        assertThrows(IOException.class, () -> CheckpointFile.read(badName)).getMessage());

    Path foreign = directory.resolve("foreign.checkpoint");
    Files.writeString(foreign, "definitely not a checkpoint, just some text");
    assertEquals(
        foreign + " is not a Nabla checkpoint (it does not start with NABLA-CHECKPOINT)",
        assertThrows(IOException.class, () -> CheckpointFile.read(foreign)).getMessage());

    Network other = Network.builder(2).dense(5).dense(2).build();
    IllegalArgumentException mismatch =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                trainer(directory.resolve("other"), 1)
                    .resume(other, CheckpointFile.read(good), DATA[0], DATA[1], null, null));
    assertTrue(
        mismatch.getMessage().contains("it was written for another network"),
        mismatch.getMessage());
  }

  @Test
  void theLatestCheckpointOfAnEmptyFolderIsAClearError(@TempDir Path directory) {
    assertEquals(
        "no checkpoint in " + directory,
        assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.latest(directory))
            .getMessage());
  }

  private static List<String> listing(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
