/**
 * Networks: a sequence of layers with checked sizes, stable dotted parameter names ({@code
 * layers.0.weights}), forward and backward passes over the whole stack, and the seed notebooks'
 * weight layouts.
 */
package dev.nabla.network;
