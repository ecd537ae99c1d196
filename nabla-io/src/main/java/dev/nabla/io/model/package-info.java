/**
 * Model files: a trained network with its preprocessing, class labels and provenance, in one file
 * that is also a valid safetensors file. See {@code docs/model-format.md}.
 */
package dev.nabla.io.model;
