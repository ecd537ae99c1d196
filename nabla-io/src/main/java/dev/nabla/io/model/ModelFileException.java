package dev.nabla.io.model;

import java.io.IOException;

/** A model file cannot be read: the message names the file and what is wrong. */
public class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
