/**
 * The matrix products on OpenBLAS ({@code cblas_sgemm}, {@code cblas_dgemm}), found by {@code
 * MatrixBackends} through {@link java.util.ServiceLoader} when this module is on the class path.
 */
package dev.nabla.blas;
