/**
 * Optimizers: how a step turns gradients into new parameter values.
 *
 * <p>Convention, stated once: {@code gradient = ∂L/∂θ}, and optimizers subtract it. Any state an
 * optimizer keeps (momentum, moment estimates) lives in the optimizer, keyed by the parameter's
 * dotted name, never in the layers.
 */
package dev.nabla.optimizers;
