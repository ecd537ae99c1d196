/**
 * Gradient checking: backpropagation's gradients compared with float64 central differences, for any
 * network, loss and batch.
 */
package dev.nabla.gradcheck;
