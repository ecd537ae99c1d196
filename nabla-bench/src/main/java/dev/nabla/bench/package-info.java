/**
 * JMH benchmarks. Build with {@code mvn -B -DskipTests package -pl nabla-bench -am}, run with
 * {@code java -jar nabla-bench/target/benchmarks.jar} (add {@code -prof gc} for allocation). Speed
 * is reported here, never asserted in tests.
 */
package dev.nabla.bench;
