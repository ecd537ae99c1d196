/**
 * Regularisation: weight penalties added to the loss, max-norm constraints applied after each step,
 * and gradient clipping. Penalties and constraints are chosen per dense layer in {@code
 * NetworkBuilder}; clipping is part of the training configuration.
 */
package dev.nabla.regularization;
