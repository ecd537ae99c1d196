/**
 * Loss functions, each with its value and its gradient {@code ∂L/∂prediction}.
 *
 * <p>Every loss takes a {@link dev.nabla.losses.Reduction}: {@code SUM} adds the per-element (or
 * per-sample) losses; {@code MEAN} follows PyTorch's convention for the loss of the same name, and
 * each class says what it divides by. Losses are accumulated in double whatever the tensors'
 * precision.
 */
package dev.nabla.losses;
