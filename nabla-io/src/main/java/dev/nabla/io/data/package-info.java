/**
 * Data sets from files: CSV (any delimiter, quoted fields, targets by name or index, string class
 * labels) and IDX (the MNIST format, gzipped or not); feature scaling fitted on training data only;
 * seeded, optionally stratified, splits. Every error names the file, and where there is one, the
 * line and column.
 */
package dev.nabla.io.data;
