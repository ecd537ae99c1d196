/**
 * ONNX export and import: Nabla models written as ONNX graphs that onnxruntime and other runtimes
 * run, ONNX files of the multilayer-perceptron subset PyTorch writes read as Nabla models, and
 * PyTorch {@code state_dict}s saved as safetensors read with a layer spec.
 */
package dev.nabla.onnx;
