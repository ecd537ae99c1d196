/**
 * The matrix products on OpenBLAS ({@code sgemm}, {@code dgemm}), found by {@code MatrixBackends}
 * through {@link java.util.ServiceLoader} when this module is on the class path: {@link
 * dev.nabla.blas.DirectOpenBlasBackend} on the Java arrays in place when netlib-java's JNI glue
 * loads, else {@link dev.nabla.blas.OpenBlasBackend} through native buffers.
 */
package dev.nabla.blas;
