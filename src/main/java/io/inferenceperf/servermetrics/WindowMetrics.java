package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.FieldResult.CounterStats;
import io.inferenceperf.servermetrics.FieldResult.GaugeStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server's metrics said about one window (a stage, or the whole run).
 *
 * @param stageId null for the whole-run summary
 * @param fields per report field, in catalog order
 * @param errors distinct problems met while reading this window (also logged)
 * @param warnings notes on values that are less exact than usual (a counter reset inside the window)
 */
public record WindowMetrics(
    Integer stageId, QueryWindow window, Map<String, FieldResult> fields, List<String> errors, List<String> warnings) {

  public WindowMetrics {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public Optional<CounterStats> counter(String field) {
    return fields.get(field) instanceof CounterStats c ? Optional.of(c) : Optional.empty();
  }

  public Optional<HistogramStats> histogram(String field) {
    return fields.get(field) instanceof HistogramStats h ? Optional.of(h) : Optional.empty();
  }

  public Optional<GaugeStats> gauge(String field) {
    return fields.get(field) instanceof GaugeStats g ? Optional.of(g) : Optional.empty();
  }
}
