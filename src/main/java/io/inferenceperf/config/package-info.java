/**
 * The benchmark configuration: an immutable record tree mirroring inference-perf's YAML schema ({@link
 * io.inferenceperf.config.Config}), and the loader that builds it.
 *
 * <p>Entry points: {@link io.inferenceperf.config.CliArgs#parse} splits the command line into global flags and
 * {@code --section.key} overrides; {@link io.inferenceperf.config.ConfigLoader#load} merges defaults, the YAML file
 * and the overrides, validates everything against {@link io.inferenceperf.config.ConfigSchema} and returns a
 * {@link io.inferenceperf.config.LoadResult} with the config or every {@link io.inferenceperf.config.ConfigProblem}
 * (key path, file line and column or CLI flag, message); {@link io.inferenceperf.config.ConfigYaml#redactedYaml}
 * writes the resolved config for the report folder.
 *
 * <p>Pipeline inside the loader: YAML text -> positioned {@code Node} tree (YamlReader) -> merged with the CLI tree
 * (CliOverrides, TreeMerge) -> checked, typed and default-filled against the schema (SchemaValidator) -> derived
 * values (DerivedValues) -> records plus cross-key rules (ConfigBinder, LoadBinder, DataBinder, SharedPrefixBinder).
 * Every default is written once, in the schema; the binders and the records' {@code defaults()} read it through
 * {@code SchemaDefaults} (SchemaDefaultsTest binds an empty config and checks every value against the schema).
 * Pure except for reading the file; depends on nothing else in the project but the did-you-mean helper of
 * {@code common}.
 *
 * <p>May import: common.
 */
package io.inferenceperf.config;
