/**
 * The benchmark configuration: an immutable record tree mirroring inference-perf's YAML schema, and the loader that
 * builds it from defaults, a YAML file and {@code --section.key} overrides, reporting every problem at once with
 * its key path, line and column. Pure except for reading the file.
 */
package io.inferenceperf.config;
