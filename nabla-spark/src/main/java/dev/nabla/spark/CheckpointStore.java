package dev.nabla.spark;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.checkpoint.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's checkpoints in a folder of any Hadoop file system (local, HDFS, S3A, …): each a
 * Nabla checkpoint file named by its step, {@code checkpoint-000000000042.nabla-checkpoint}. A new
 * one is written beside the old under a temporary name and renamed when complete, and only then are
 * older ones deleted, so a crash at any moment leaves a whole checkpoint to resume from.
 */
final class CheckpointStore {
  private static final String PREFIX = "checkpoint-";
  private static final String SUFFIX = ".nabla-checkpoint";

  private final Path folder;
  private final FileSystem fileSystem;

  CheckpointStore(String folder, Configuration configuration) {
    this.folder = new Path(folder);
    try {
      this.fileSystem = this.folder.getFileSystem(configuration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open checkpoint folder " + folder + ": " + e, e);
    }
  }

  /** The checkpoint of the latest step in the folder, or null if it holds none. */
  Checkpoint latest() {
    try {
      if (!fileSystem.exists(folder)) {
        return null;
      }
      Path latest = null;
      for (FileStatus status : fileSystem.listStatus(folder)) {
        String name = status.getPath().getName();
        if (name.startsWith(PREFIX)
            && name.endsWith(SUFFIX)
            && (latest == null || name.compareTo(latest.getName()) > 0)) {
          latest = status.getPath();
        }
      }
      if (latest == null) {
        return null;
      }
      java.nio.file.Path local = Files.createTempFile("nabla-spark-", SUFFIX);
      try {
        fileSystem.copyToLocalFile(false, latest, new Path(local.toUri()), true);
        return CheckpointFile.read(local);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a checkpoint in " + folder + ": " + e, e);
    }
  }

  /** Writes {@code checkpoint} as the one of step {@code step}, then deletes the older ones. */
  void save(Checkpoint checkpoint, long step) {
    String name = String.format(Locale.ROOT, "%s%012d%s", PREFIX, step, SUFFIX);
    try {
      fileSystem.mkdirs(folder);
      java.nio.file.Path local = Files.createTempFile("nabla-spark-", SUFFIX);
      try {
        CheckpointFile.write(local, checkpoint);
        Path temporary = new Path(folder, "." + name + ".tmp");
        fileSystem.copyFromLocalFile(false, true, new Path(local.toUri()), temporary);
        Path target = new Path(folder, name);
        fileSystem.delete(target, false);
        if (!fileSystem.rename(temporary, target)) {
          throw new IOException("cannot rename " + temporary + " to " + target);
        }
      } finally {
        Files.deleteIfExists(local);
      }
      for (FileStatus status : fileSystem.listStatus(folder)) {
        String other = status.getPath().getName();
        if (other.startsWith(PREFIX) && other.endsWith(SUFFIX) && other.compareTo(name) < 0) {
          fileSystem.delete(status.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + folder + ": " + e, e);
    }
  }
}
