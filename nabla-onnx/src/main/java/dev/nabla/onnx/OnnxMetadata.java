package dev.nabla.onnx;

/** The {@code metadata_props} keys Nabla writes into an ONNX model and reads back. */
final class OnnxMetadata {
  /** The graph output that is the network's own output: {@code logits}, {@code probabilities}… */
  static final String OUTPUT = "nabla.output";

  /** The loss the model was trained with. */
  static final String LOSS = "nabla.loss";

  /** {@code standard}, {@code minmax} or {@code none}. */
  static final String SCALING = "nabla.scaling";

  /**
   * The scaler's offsets and scales in full float64, {@code {"offset": […], "scale": […]}}: a
   * float32 graph holds them rounded to floats, and Nabla scales in float64 before the cast.
   */
  static final String SCALER = "nabla.scaler";

  /** The feature names, a JSON array of strings. */
  static final String FEATURES = "nabla.features";

  /** The class labels, a JSON array of strings (empty for regression). */
  static final String LABELS = "nabla.labels";

  /** How the model was made, a JSON object of strings. */
  static final String PROVENANCE = "nabla.provenance";

  /**
   * Every layer's spec, the dropout layers (left out of the graph) and their seeds included, a JSON
   * array as model files hold it.
   */
  static final String LAYERS = "nabla.layers";

  /** The recipe that trained it, as a recipe file holds it. */
  static final String RECIPE = "nabla.recipe";

  private OnnxMetadata() {}
}
