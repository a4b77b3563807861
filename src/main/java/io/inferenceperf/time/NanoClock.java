package io.inferenceperf.time;

/**
 * The one monotonic clock of the tool. Every duration is a difference of two readings of this clock, in
 * nanoseconds. Tests inject a fake; production uses {@link #SYSTEM}, backed by {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface NanoClock {
  NanoClock SYSTEM = System::nanoTime;

  long nanoTime();
}
