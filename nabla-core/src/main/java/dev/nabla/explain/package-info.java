/**
 * Derivations with the numbers plugged in, the way the seed notebooks write them: for one sample,
 * every layer's forward and backward formula, the shapes, the values, and one element worked term
 * by term; the loss term by term; the optimizer's update for the worked element.
 *
 * <p>This package is the <em>model</em> of such a derivation: plain values ({@link Explanation},
 * {@link LayerExplanation}, {@link Quantity}, {@link Worked}, {@link Formula}) that the command
 * line, the documents, the JSON and the browser playground all render. It needs nothing but core:
 * no files, no threads. The formulas come from the layers ({@code Layer.explain}), activations,
 * losses ({@code Loss.explain}) and optimizers ({@code Optimizer.explainFirstStep}) themselves, in
 * the one {@link Notation}. {@link Explainer} runs the pass and collects them; {@link TextRenderer}
 * and {@link MarkdownRenderer} write them as Unicode text and as Markdown with LaTeX.
 */
package dev.nabla.explain;
