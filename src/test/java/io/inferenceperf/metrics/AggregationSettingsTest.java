package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ReportConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationSettingsTest {

  @Test
  void takesItsValuesFromTheReportSection() {
    ReportConfig report = new ReportConfig(
        new ReportConfig.RequestLifecycle(true, true, false, true, false, List.of(50.0, 99.0), true, 7),
        ReportConfig.PrometheusReport.defaults(), new ReportConfig.Goodput(Map.of("ttft", 0.2)));
    AggregationSettings settings = AggregationSettings.from(report, 123);
    assertEquals(List.of(50.0, 99.0), settings.percentiles());
    assertTrue(settings.useServerOutputTokens());
    assertEquals(7, settings.maxErrorMessages());
    assertEquals(Map.of("ttft", 0.2), settings.goodputConstraints());
    assertEquals(123, settings.exactValuesCap());
    assertTrue(settings.goodputEnabled());
    assertFalse(AggregationSettings.defaults().goodputEnabled());
    assertEquals(AggregationSettings.DEFAULT_EXACT_VALUES_CAP, AggregationSettings.defaults().exactValuesCap());
  }

  @Test
  void badValuesNameTheirConfigKey() {
    IllegalArgumentException percentile = assertThrows(IllegalArgumentException.class,
        () -> new AggregationSettings(List.of(50.0, 120.0), false, 1, Map.of(), 10));
    assertTrue(percentile.getMessage().startsWith("report.request_lifecycle.percentiles: 120.0"));
    IllegalArgumentException constraint = assertThrows(IllegalArgumentException.class,
        () -> new AggregationSettings(List.of(50.0), false, 1, Map.of("tpot", -1.0), 10));
    assertTrue(constraint.getMessage().startsWith("report.goodput.constraints.tpot"));
  }
}
