/**
 * Recipes: everything that determines a training run, as one immutable value — the layers, the
 * precision, the loss, the optimizer, the schedule, the regularisation, the training configuration
 * (epochs, batches, seed, stopping rules) and the preprocessing. The same recipe on the same data
 * gives the same weights, bit for bit. nabla-io reads and writes recipes as JSON.
 */
package dev.nabla.recipe;
