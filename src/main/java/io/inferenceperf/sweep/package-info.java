/**
 * The rate sweep's pure logic (load.sweep): the probe's active-request samples, the saturation rate from their
 * burn-down, the stage rates spread up to it, and whether the client rather than the server limited the probe.
 * No clocks, threads or I/O: the cli runs the probe and writes its report.
 *
 * <p>May import: config, schedule, record.
 */
package io.inferenceperf.sweep;
