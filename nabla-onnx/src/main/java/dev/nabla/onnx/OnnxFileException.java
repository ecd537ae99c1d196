package dev.nabla.onnx;

import java.io.IOException;

/**
 * An ONNX file (or a state_dict) that Nabla cannot read: the message names the file, the node or
 * tensor at fault and why, on one line.
 */
public class OnnxFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public OnnxFileException(String message) {
    super(message);
  }

  public OnnxFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
