package io.inferenceperf.servermetrics;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link PrometheusReports} as JSON and back, losslessly: how a run keeps the server's view of it in its results
 * file, so that the server-metrics reports and table can be rebuilt without the Prometheus that answered. Each
 * field's kind of result is named by {@code "kind"}; NaN is written as the string "NaN" so that the JSON stays
 * standard.
 */
public final class ServerMetricsJson {
  private ServerMetricsJson() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = FieldResult.CounterStats.class, name = "counter"),
    @JsonSubTypes.Type(value = FieldResult.HistogramStats.class, name = "histogram"),
    @JsonSubTypes.Type(value = FieldResult.GaugeStats.class, name = "gauge"),
    @JsonSubTypes.Type(value = FieldResult.Missing.class, name = "missing"),
    @JsonSubTypes.Type(value = FieldResult.Failed.class, name = "failed")
  })
  private interface FieldResultKinds {}

  // Record components only (their fields): helpers such as isEmpty() are not part of the data.
  private static final JsonMapper JSON = JsonMapper.builder()
      .addMixIn(FieldResult.class, FieldResultKinds.class)
      .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** The reports as a JSON tree (NaN already turned into strings, so any writer keeps the JSON standard). */
  public static JsonNode write(PrometheusReports reports) {
    try {
      return JSON.readTree(JSON.writeValueAsBytes(reports));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reports a tree of {@link #write} describes. */
  public static PrometheusReports read(JsonNode tree) {
    try {
      return JSON.treeToValue(tree, PrometheusReports.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("damaged server metrics in the results: " + e.getOriginalMessage(), e);
    }
  }
}
