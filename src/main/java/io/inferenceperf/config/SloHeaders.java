package io.inferenceperf.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code api.slo_unit}, {@code api.slo_ttft_header}, {@code api.slo_tpot_header}: which request headers carry a
 * request's own TTFT and TPOT SLOs, and their unit (inference-perf's per-request SLOs). The headers are sent as
 * they are; their values become goodput constraints that override {@code report.goodput.constraints} for the
 * requests that streamed tokens.
 *
 * @param unit s, ms or us
 * @param ttftHeader the TTFT header's name; null means {@code x-slo-ttft-<unit>}
 * @param tpotHeader the TPOT header's name; null means {@code x-slo-tpot-<unit>}
 */
public record SloHeaders(String unit, String ttftHeader, String tpotHeader) {

  /** The value inference-perf skips: the request asks for the configured constraint. */
  static final String DEFAULT_VALUE = "default";

  public static SloHeaders defaults() {
    return new SloHeaders(SchemaDefaults.string("api.slo_unit"), null, null);
  }

  public String effectiveTtftHeader() {
    return ttftHeader != null ? ttftHeader : "x-slo-ttft-" + unit;
  }

  public String effectiveTpotHeader() {
    return tpotHeader != null ? tpotHeader : "x-slo-tpot-" + unit;
  }

  /** Seconds per unit of a header value. */
  public double secondsPerUnit() {
    return switch (unit) {
      case "s" -> 1.0;
      case "ms" -> 1e-3;
      case "us" -> 1e-6;
      default -> throw new IllegalStateException("api.slo_unit " + unit + " was not validated");
    };
  }

  /**
   * The SLOs in seconds that {@code headers} carry, keyed {@code ttft} and {@code tpot} (goodput constraint names);
   * header names match case-insensitively; a value of {@code default} is skipped.
   *
   * @throws NumberFormatException when a value is neither a number nor {@code default}
   */
  public Map<String, Double> secondsIn(Map<String, String> headers) {
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    Map<String, Double> slos = new LinkedHashMap<>();
    put(slos, "ttft", lower.get(effectiveTtftHeader().toLowerCase(Locale.ROOT)));
    put(slos, "tpot", lower.get(effectiveTpotHeader().toLowerCase(Locale.ROOT)));
    return slos;
  }

  private void put(Map<String, Double> slos, String metric, String value) {
    if (value == null || value.strip().equalsIgnoreCase(DEFAULT_VALUE)) {
      return;
    }
    slos.put(metric, Double.parseDouble(value.strip()) * secondsPerUnit());
  }
}
