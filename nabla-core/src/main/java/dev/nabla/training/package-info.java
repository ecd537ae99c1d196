/**
 * Training: the loop that turns data, a loss and an optimizer into a trained network.
 *
 * <p>A {@link dev.nabla.training.TrainingConfig} is an immutable value validated when built; the
 * same configuration and seed give the same weights. The loop reports through a {@link
 * dev.nabla.training.TrainingListener} and never prints.
 */
package dev.nabla.training;
