package dev.nabla.io.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file atomically and durably: the content goes to a temporary file beside the target
 * ({@code <name>.<random UUID>.partial}), which is synced to the disk, renamed over the target only
 * once complete, and the rename synced too. If writing fails, the temporary file is deleted, the
 * error names the target, and the previous file, if any, is untouched.
 *
 * <p>A run killed while writing leaves its temporary file behind; the next write of the same target
 * deletes it. A writer holds a lock on its temporary file for as long as it writes, so a temporary
 * another process is still writing is told apart (its lock is held) and left alone.
 */
public final class AtomicFile {
  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** How written bytes and renames reach the disk; tests record or fail the calls. */
  interface Disk {
    /** The operating system's own sync. */
    Disk SYSTEM =
        new Disk() {
          @Override
          public void force(FileChannel file) throws IOException {
            file.force(true);
          }

          @Override
          public void forceDirectory(Path directory) throws IOException {
            FileChannel channel;
            try {
              channel = FileChannel.open(directory, StandardOpenOption.READ);
            } catch (IOException e) {
              // Some systems (Windows) do not let a folder be opened, and sync renames
              // themselves; where a folder opens, a failed sync is a real failure.
              return;
            }
            try (channel) {
              channel.force(true);
            }
          }
        };

    /** Puts the file's bytes on the disk. */
    void force(FileChannel file) throws IOException;

    /** Puts a folder's entries, a rename into it included, on the disk. */
    void forceDirectory(Path directory) throws IOException;
  }

  private static final String SUFFIX = ".partial";
  private static final Pattern UUID_PART =
      Pattern.compile("\\.\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");

  /**
   * The temporary files this process is writing. Their locks tell other processes apart, but not
   * other threads of this one: opening and closing a file here would even release its lock.
   */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

  private AtomicFile() {}

  /**
   * Writes {@code content} to {@code path}, creating its folder if needed.
   *
   * @throws IOException naming {@code path}, if it cannot be written (the previous file is then
   *     untouched) or is a folder
   */
  public static void write(Path path, Content content) throws IOException {
    write(path, content, Disk.SYSTEM);
  }

  static void write(Path path, Content content, Disk disk) throws IOException {
    Path target = path.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new IOException(target + " is a folder; give a file name to write to");
    }
    Path folder = target.getParent();
    Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + SUFFIX);
    WRITING.add(temporary);
    try {
      Files.createDirectories(folder);
      deleteStaleTemporaries(target);
      writeTemporary(temporary, content, disk);
      move(temporary, target);
      // The rename is an entry in the folder: without this sync, a crash could undo it.
      disk.forceDirectory(folder);
    } catch (IOException e) {
      throw new IOException(
          target
              + ": cannot write it: "
              + e.getMessage()
              + "; the file that was there is untouched",
          e);
    } finally {
      WRITING.remove(temporary);
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes and syncs the temporary file, holding its lock until it is complete. */
  private static void writeTemporary(Path temporary, Content content, Disk disk)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.lock(); // released as the channel closes
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      content.writeTo(out);
      out.flush();
      // The bytes must be on the disk before the rename makes them the target's: otherwise a
      // crash soon after could leave the target renamed but empty.
      disk.force(channel);
    }
    // Not Files.createTempFile, whose owner-only permissions the renamed file would keep.
  }

  private static void move(Path temporary, Path target) throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary files of {@code target} that no live writer holds. */
  private static void deleteStaleTemporaries(Path target) throws IOException {
    Pattern temporaryName =
        Pattern.compile(
            Pattern.quote(target.getFileName().toString())
                + UUID_PART.pattern()
                + Pattern.quote(SUFFIX));
    List<Path> stale;
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      stale =
          siblings
              .filter(file -> temporaryName.matcher(file.getFileName().toString()).matches())
              .filter(file -> !WRITING.contains(file))
              .toList();
    }
    for (Path file : stale) {
      deleteIfUnlocked(file);
    }
  }

  private static void deleteIfUnlocked(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        Files.deleteIfExists(file); // still holding the lock, so no writer can have started
      }
    } catch (IOException | OverlappingFileLockException e) {
      // Left for the next write to try again: a save must not fail over a leftover of another run.
    }
  }
}
