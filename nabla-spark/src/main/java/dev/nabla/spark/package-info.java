/**
 * Nabla networks as Spark ML estimators and models: {@link dev.nabla.spark.NablaClassifier} and
 * {@link dev.nabla.spark.NablaRegressor} train on a DataFrame's vector column, synchronously
 * data-parallel or by local SGD, and their models score each partition in batches. Spark is a
 * provided dependency: the cluster brings it, and nabla-core knows nothing of it.
 */
package dev.nabla.spark;
