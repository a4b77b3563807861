package io.inferenceperf.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose checks hold only when the test has the machine's CPU to itself, apart from whatever else runs
 * on it: measured latencies against a truth (TTFT, ITL, schedule delay), achieved rates and capacities, pacing. The
 * build runs the other classes in two JVMs side by side and these alone, one at a time, after them (pom.xml, Surefire
 * execution {@code timing}), so the suite's own load never shares the cores with them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(TimingSensitive.TAG)
public @interface TimingSensitive {
  /** The JUnit tag the build selects on. */
  String TAG = "timing";
}
