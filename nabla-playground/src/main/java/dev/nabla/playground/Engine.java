package dev.nabla.playground;

import org.teavm.jso.JSExport;

/**
 * What the page calls: nabla-core compiled to WebAssembly by TeaVM, these static methods exported
 * to JavaScript. One session at a time. Every method answers JSON; a fault is {@code {"error":
 * "…"}} with core's one-line message, never an exception across the boundary.
 */
public final class Engine {
  private static PlaygroundSession session;
  private static Dataset csv;
  private static String csvName = "";

  private Engine() {}

  /**
   * TeaVM's entry point; the page calls the exported methods instead.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    // Nothing to start: the page drives the engine.
  }

  /**
   * Builds a new session from a setup ({@code name=value} lines).
   *
   * @param setup the setup text
   * @return the session's description, or an error
   */
  @JSExport
  public static String configure(String setup) {
    try {
      PlaygroundSession created = new PlaygroundSession(Setup.parse(setup), csv);
      session = created;
      return created.describe();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * The setup lines a data set brings: a seed notebook's network and training, else the defaults.
   *
   * @param data the data set's name
   * @return {@code name=value} lines: the notebook's choices, or the defaults for the generators
   */
  @JSExport
  public static String preset(String data) {
    StringBuilder text = new StringBuilder();
    Setup.preset(data)
        .forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return text.toString();
  }

  /**
   * Reads a CSV file the user dropped; {@code data=csv} then trains on it.
   *
   * @param name the file's name, for messages
   * @param text its contents
   * @return {@code {"rows": n, "classes": k}}, or an error naming the line and column
   */
  @JSExport
  public static String loadCsv(String name, String text) {
    try {
      Dataset read = CsvData.read(name, text);
      csv = read;
      csvName = name;
      return new Json()
          .open()
          .key("name")
          .value(csvName)
          .key("rows")
          .value(read.trainInputs().length)
          .key("classes")
          .value(read.classes())
          .close()
          .toString();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Trains one batch.
   *
   * @return the status, as {@link #status}
   */
  @JSExport
  public static String step() {
    try {
      session().step();
      return session().status(Integer.MAX_VALUE);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Trains {@code count} epochs (the first finishing the epoch in progress).
   *
   * @param count how many
   * @param from the first epoch whose losses to return
   * @return the status, as {@link #status}
   */
  @JSExport
  public static String epochs(int count, int from) {
    try {
      for (int epoch = 0; epoch < count; epoch++) {
        session().epoch();
      }
      return session().status(from);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Trains up to {@code count} batches: the page's unit of work between frames, so no call runs
   * long whatever an epoch's size.
   *
   * @param count most steps
   * @param toEpochEnd whether to stop at the end of an epoch
   * @param from the first epoch whose losses to return
   * @return the status, as {@link #status}
   */
  @JSExport
  public static String steps(int count, boolean toEpochEnd, int from) {
    try {
      session().steps(count, toEpochEnd);
      return session().status(from);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Epochs, steps, accuracies and the loss curves from epoch {@code from}.
   *
   * @param from the first epoch whose losses to return
   * @return JSON
   */
  @JSExport
  public static String status(int from) {
    try {
      return session().status(from);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * The layers with their weights now.
   *
   * @return a JSON array
   */
  @JSExport
  public static String weights() {
    try {
      return session().weights();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * One traced forward and backward pass on a training row.
   *
   * @param row the row
   * @return every value and gradient, as JSON
   */
  @JSExport
  public static String trace(int row) {
    try {
      return session().trace(row);
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Core's derivation of one pass ({@code dev.nabla.explain}), as {@code nabla explain} prints it.
   *
   * @param row the training row
   * @param layer the notation layer whose element to work (1 for the first dense layer), or 0
   * @param unit the unit of that element
   * @param input the input of that element
   * @return {@code {"text": …}}, or an error
   */
  @JSExport
  public static String explain(int row, int layer, int unit, int input) {
    try {
      return new Json()
          .open()
          .key("text")
          .value(session().explain(row, layer, unit, input))
          .close()
          .toString();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Decision regions or the fitted curve.
   *
   * @param resolution cells per side
   * @return see {@code PlaygroundSession.grid}
   */
  @JSExport
  public static double[] grid(int resolution) {
    try {
      return session().grid(resolution);
    } catch (RuntimeException e) {
      return new double[0];
    }
  }

  /**
   * The recipe of the session, as {@code nabla train --recipe} reads it.
   *
   * @return JSON
   */
  @JSExport
  public static String recipe() {
    try {
      return RecipeText.write(session());
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * What a model file needs: the page posts it to the local server, which writes the file.
   *
   * @return JSON, or an error
   */
  @JSExport
  public static String modelState() {
    try {
      return session().modelState();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /**
   * Every parameter as float32 bits.
   *
   * @return the bits, in the network's parameter order
   */
  @JSExport
  public static int[] parameterBits() {
    return session == null ? new int[0] : session.parameterBits();
  }

  private static PlaygroundSession session() {
    if (session == null) {
      throw new IllegalStateException("no network yet: configure one first");
    }
    return session;
  }

  private static String error(RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return new Json().open().key("error").value(message).close().toString();
  }
}
