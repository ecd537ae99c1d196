/**
 * Tracing: every intermediate value of one forward and backward pass, the way the seed notebooks
 * work them out by hand.
 */
package dev.nabla.tracing;
