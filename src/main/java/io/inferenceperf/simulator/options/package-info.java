/**
 * Every setting of the simulator: {@link io.inferenceperf.simulator.options.SimulatorOptions} (with its engine and
 * fault parts), built from a YAML map or command-line arguments into options or every problem found
 * ({@link io.inferenceperf.simulator.options.OptionsResult}); the catalog of options (key, kind, range, help), the
 * named profiles, and the {@code simulate --help} text. The catalog is the single source for parsing, checks, help
 * and docs/simulator.md.
 *
 * <p>Pure values and checks, no I/O and no time.
 *
 * <p>Within the simulator it uses nothing else; from the project, only {@code common} (did-you-mean).
 */
package io.inferenceperf.simulator.options;
