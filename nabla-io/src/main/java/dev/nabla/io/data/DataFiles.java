package dev.nabla.io.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening data files, with errors that name the file and say what is wrong with it. */
final class DataFiles {
  private DataFiles() {}

  /**
   * The file's bytes.
   *
   * @throws DataException if it is missing, a directory or unreadable
   */
  static InputStream open(Path path) {
    // Linux opens a directory, and only its first read fails, with "Is a directory" alone.
    if (Files.isDirectory(path)) {
      throw new DataException(path + " is a directory, not a data file");
    }
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new DataException(path + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new DataException(path + ": permission denied", e);
    } catch (IOException e) {
      throw new DataException(path + ": cannot open it: " + e.getMessage(), e);
    }
  }
}
