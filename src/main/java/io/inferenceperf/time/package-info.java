/**
 * The injected monotonic clock: the seam that lets time-based code be tested without sleeping.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.time;
