package dev.nabla.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  private static final String STALE = "model.nabla.0f8fad5b-d9cb-469f-a165-70867728950e.partial";

  @TempDir Path directory;

  private static AtomicFile.Content text(String text) {
    return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> files() throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFileReachesTheDiskBeforeTheRenameAndTheRenameAfter() throws IOException {
    Path path = directory.resolve("model.nabla");
    Files.writeString(path, "old");
    List<String> events = new ArrayList<>();
    AtomicFile.Disk recording =
        new AtomicFile.Disk() {
          @Override
          public void force(FileChannel file) throws IOException {
            events.add("file, target holds " + Files.readString(path));
            file.force(true);
          }

          @Override
          public void forceDirectory(Path folder) throws IOException {
            events.add(folder.getFileName() + ", target holds " + Files.readString(path));
            AtomicFile.Disk.SYSTEM.forceDirectory(folder);
          }
        };

    AtomicFile.write(path, text("new"), recording);

    assertEquals(
        List.of("file, target holds old", directory.getFileName() + ", target holds new"), events);
  }

  @Test
  void aFailedWriteNamesTheFileAndLeavesThePreviousOneAndNoTemporary() throws IOException {
    Path path = directory.resolve("model.nabla");
    Files.writeString(path, "old");

    IOException failure =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.write(
                    path,
                    out -> {
                      out.write(new byte[100_000]);
                      throw new IOException("No space left on device");
                    }));

    assertEquals(
        path.toAbsolutePath()
            + ": cannot write it: No space left on device; the file that was there is untouched",
        failure.getMessage());
    assertEquals("old", Files.readString(path));
    assertEquals(List.of("model.nabla"), files());
  }

  @Test
  void aFailedSyncOfTheFileIsAFailedWrite() throws IOException {
    Path path = directory.resolve("model.nabla");
    AtomicFile.Disk failing =
        new AtomicFile.Disk() {
          @Override
          public void force(FileChannel file) throws IOException {
            throw new IOException("Input/output error");
          }

          @Override
          public void forceDirectory(Path folder) {}
        };

    IOException failure =
        assertThrows(IOException.class, () -> AtomicFile.write(path, text("new"), failing));

    assertTrue(failure.getMessage().startsWith(path.toAbsolutePath() + ": cannot write it"));
    assertEquals(List.of(), files());
  }

  @Test
  void aTemporaryLeftByAKilledRunIsDeletedWhenTheTargetIsNextWritten() throws IOException {
    Files.writeString(directory.resolve(STALE), "half a model");
    String otherTargets = "other.nabla.0f8fad5b-d9cb-469f-a165-70867728950e.partial";
    Files.writeString(directory.resolve(otherTargets), "not ours to judge");
    Files.writeString(directory.resolve("model.nabla.partial.txt"), "a user's file");

    AtomicFile.write(directory.resolve("model.nabla"), text("new"));

    assertEquals(List.of("model.nabla", "model.nabla.partial.txt", otherTargets), files());
  }

  @Test
  void aTemporaryAnotherWriterIsStillWritingIsLeftAlone() throws IOException {
    Path path = directory.resolve("model.nabla");
    Path live = directory.resolve(STALE);
    try (FileChannel channel =
            FileChannel.open(live, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      AtomicFile.write(path, text("new"));
      assertTrue(lock.isValid());
      assertTrue(Files.exists(live), "a locked temporary belongs to a live writer");
    }
  }

  @Test
  void aWriteOfTheSameTargetInTheMeantimeLeavesTheFirstWritersTemporary() throws IOException {
    Path path = directory.resolve("model.nabla");

    AtomicFile.write(
        path,
        out -> {
          AtomicFile.write(path, text("second"));
          out.write("first".getBytes(StandardCharsets.UTF_8));
        });

    assertEquals("first", Files.readString(path));
    assertEquals(List.of("model.nabla"), files());
  }

  @Test
  void aFolderInTheTargetsPlaceIsRefusedAndKept() throws IOException {
    Path folder = Files.createDirectory(directory.resolve("model.nabla"));

    IOException failure =
        assertThrows(IOException.class, () -> AtomicFile.write(folder, text("new")));

    assertEquals(
        folder.toAbsolutePath() + " is a folder; give a file name to write to",
        failure.getMessage());
    assertTrue(Files.isDirectory(folder));
    assertFalse(files().stream().anyMatch(name -> name.endsWith(".partial")));
  }
}
