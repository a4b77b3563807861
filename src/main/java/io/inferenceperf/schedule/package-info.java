/**
 * The load schedule as a pure function of the configuration: which stages run, and when each request of an
 * open-loop stage is due (offsets from the stage start, in nanoseconds). No clocks, no threads, no I/O: the engine
 * walks these offsets against the real clock.
 *
 * <p>May import: config.
 */
package io.inferenceperf.schedule;
