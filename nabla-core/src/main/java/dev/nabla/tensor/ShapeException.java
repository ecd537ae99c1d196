package dev.nabla.tensor;

/**
 * A tensor had the wrong shape for an operation.
 *
 * <p>The message names the operation (and the layer, where there is one), the shape expected and
 * the shape received, so that the fault can be found without a debugger.
 */
public class ShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the full message: what operation, where, what was expected and what came
   */
  public ShapeException(String message) {
    super(message);
  }

  /** "{operation}: expected {expected}, got {actual}". */
  public static ShapeException expected(String operation, Object expected, Shape actual) {
    return new ShapeException(operation + ": expected " + expected + ", got " + actual);
  }
}
