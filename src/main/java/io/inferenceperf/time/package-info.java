/** The injected monotonic clock: the seam that lets time-based code be tested without sleeping. */
package io.inferenceperf.time;
