/**
 * Recipes as JSON files, read strictly (every field checked, unknown fields refused, errors naming
 * the file and the field) and written so that reading them back gives the same recipe exactly.
 */
package dev.nabla.io.recipe;
