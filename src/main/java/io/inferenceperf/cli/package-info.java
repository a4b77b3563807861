/**
 * The command line: argument dispatch, wiring of config, simulator, data, transport, engine and reports, the live
 * progress line, signal handling and exit codes. The only package that depends on all the others.
 *
 * <p>May import: anything.
 */
package io.inferenceperf.cli;
