/** A runnable example: Fashion-MNIST through a Spark ML pipeline ending in a Nabla classifier. */
package dev.nabla.spark.example;
