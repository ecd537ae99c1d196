/**
 * Configuration as a plain value: {@link dev.nabla.config.Config}, an ordered map of numbers,
 * booleans and text that every layer type, optimizer and schedule reads its settings from, and that
 * recipes and model files write as JSON. Files never hold code: a configuration names a registered
 * type and gives its settings.
 */
package dev.nabla.config;
