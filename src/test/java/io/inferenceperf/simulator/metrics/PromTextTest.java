package io.inferenceperf.simulator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pieces of the Prometheus text format that MetricsTest does not reach over HTTP. */
class PromTextTest {

  @Test
  void labelValuesEscapeOnlyWhatTheFormatAllows() {
    assertEquals("\"simulated-model\"", PromText.quoteLabel("simulated-model"));
    assertEquals("\"a\\\\b \\\"c\\\" d\\ne\tf\"", PromText.quoteLabel("a\\b \"c\" d\ne\tf"));
  }

  @Test
  void numbersAsPythonsClientPrintsThem() {
    assertEquals("3.0", PromText.number(3));
    assertEquals("0.25", PromText.number(0.25));
    assertEquals("1.5E-5", PromText.number(1.5e-5));
    assertEquals("+Inf", PromText.number(Double.POSITIVE_INFINITY));
  }
}
