package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** api.slo_* keys: header names by unit, case-insensitive lookup, unit factors, "default" skipped. */
class SloHeadersTest {

  @Test
  void defaultHeaderNamesFollowTheUnit() {
    SloHeaders us = new SloHeaders("us", null, null);
    assertEquals("x-slo-ttft-us", us.effectiveTtftHeader());
    assertEquals("x-slo-tpot-us", us.effectiveTpotHeader());
    assertEquals(Map.of("ttft", 0.25, "tpot", 0.00002),
        us.secondsIn(Map.of("X-SLO-TTFT-US", "250000", "x-slo-tpot-us", "20")).entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Math.round(e.getValue() * 1e9) / 1e9)));
  }

  @Test
  void namedHeadersAndDefaultValue() {
    SloHeaders s = new SloHeaders("s", "My-Ttft", "my-tpot");
    assertEquals(Map.of("ttft", 1.5), s.secondsIn(Map.of("my-ttft", "1.5", "MY-TPOT", "default")));
    assertEquals(Map.of(), s.secondsIn(Map.of("x-slo-ttft-s", "1")));
    assertThrows(NumberFormatException.class, () -> s.secondsIn(Map.of("my-ttft", "fast")));
  }

  @Test
  void configBindsTheKeysAndRefusesNonNumbers() {
    Config config = Loads.ok(Loads.minimalPlus("--api.streaming", "true", "--api.slo_unit", "ms",
        "--api.headers", "{\"x-slo-ttft-ms\": \"300\", \"x-slo-tpot-ms\": \"default\"}"));
    assertEquals(Map.of("ttft", 0.3), config.api().headerSloSeconds());
    Loads.onlyProblem(Loads.minimalPlus("--api.headers", "{\"x-slo-ttft-ms\": \"soon\"}"),
        "api.headers", "x-slo-ttft-ms");
    Loads.onlyProblem(Loads.minimalPlus("--api.slo_unit", "min"), "api.slo_unit", "us");
  }
}
