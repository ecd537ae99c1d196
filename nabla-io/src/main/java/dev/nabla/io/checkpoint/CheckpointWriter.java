package dev.nabla.io.checkpoint;

import dev.nabla.training.EpochEnd;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A training listener that writes the run's checkpoint into a folder after every {@code every}
 * epochs, as {@code epoch-00007.checkpoint}: {@code Trainer.builder(…).listener(new
 * CheckpointWriter(folder, 1))}. {@code trainer.resume(network, CheckpointFile.read(path), …)}
 * continues from one.
 */
public final class CheckpointWriter implements TrainingListener {
  private final Path directory;
  private final int every;
  private final Map<String, String> metadata;

  /**
   * @throws IllegalArgumentException if {@code every} is below 1
   */
  public CheckpointWriter(Path directory, int every) {
    this(directory, every, Map.of());
  }

  /**
   * A writer that keeps {@code metadata} in every checkpoint, such as the run's recipe and the
   * SHA-256 of its data, for a resume to check against.
   *
   * @throws IllegalArgumentException if {@code every} is below 1
   */
  public CheckpointWriter(Path directory, int every, Map<String, String> metadata) {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint interval must be ≥ 1 epoch, got " + every);
    }
    this.directory = Objects.requireNonNull(directory, "directory");
    this.every = every;
    this.metadata = Map.copyOf(metadata);
  }

  /** Where the checkpoint of an epoch goes: {@code epoch-00007.checkpoint}. */
  public static Path path(Path directory, int epoch) {
    return directory.resolve(String.format(Locale.ROOT, "epoch-%05d.checkpoint", epoch));
  }

  /**
   * The checkpoint of the latest epoch in {@code directory}.
   *
   * @throws IllegalArgumentException if it is not a folder or holds no checkpoint
   */
  public static Path latest(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(directory + " is not a directory");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(path -> path.getFileName().toString().matches("epoch-\\d+\\.checkpoint"))
          .max(Path::compareTo)
          .orElseThrow(() -> new IllegalArgumentException("no checkpoint in " + directory));
    }
  }

  @Override
  public void onEpochEnd(EpochEnd event) {}

  @Override
  public void onEpochEnd(TrainingSession session, EpochEnd event) {
    if (event.epoch() % every != 0) {
      return;
    }
    try {
      CheckpointFile.write(
          path(directory, event.epoch()), session.checkpoint().withMetadata(metadata));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the checkpoint of epoch " + event.epoch() + " in " + directory, e);
    }
  }
}
