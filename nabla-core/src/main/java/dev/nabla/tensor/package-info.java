/**
 * Dense row-major tensors in float64 and float32, and the matrix kernels that layers are built on.
 *
 * <p>A batch is a rank-2 tensor {@code [samples × features]}; a bias is a rank-1 tensor. Both
 * precisions share one API: code written against {@link dev.nabla.tensor.Tensor} runs in either,
 * and {@link dev.nabla.tensor.MatrixOps} dispatches to the kernel of the tensor's {@link
 * dev.nabla.tensor.DType}. The float32 kernels are generated from the float64 source (see {@code
 * Float64Kernels}), so the two cannot drift apart.
 */
package dev.nabla.tensor;
