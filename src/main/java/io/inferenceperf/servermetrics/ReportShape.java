package io.inferenceperf.servermetrics;

import static io.inferenceperf.servermetrics.ServerMetricCatalog.KV_CACHE_USAGE;
import static io.inferenceperf.servermetrics.ServerMetricCatalog.NUM_REQUESTS_RUNNING;
import static io.inferenceperf.servermetrics.ServerMetricCatalog.OUTPUT_TOKENS;
import static io.inferenceperf.servermetrics.ServerMetricCatalog.PROMPT_TOKENS;
import static io.inferenceperf.servermetrics.ServerMetricCatalog.QUEUE_LENGTH;
import static io.inferenceperf.servermetrics.ServerMetricCatalog.REQUESTS;

import io.inferenceperf.servermetrics.FieldResult.CounterStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import io.inferenceperf.servermetrics.FieldResult.Missing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@link WindowMetrics} into the JSON tree of {@code *_prometheus_metrics.json} (pure). The keys and their
 * order follow inference-perf's report; a key appears only when the server type has the metrics behind it, and
 * its value is null when the metric was missing or unreadable (never 0). Our additions: counts and rates next to
 * every histogram, {@code max} for gauges, {@code total} for counters, and a {@code server_metrics} block naming
 * the metric each value came from, what was missing and what went wrong.
 *
 * <p>Deliberate differences from inference-perf: {@code prompt_len.mean}/{@code output_len.mean} are tokens per
 * request (inference-perf put a per-second rate there), rates are per second of the stage itself, and counter
 * totals are exact differences rather than extrapolated {@code increase()}.
 */
public final class ReportShape {
  private ReportShape() {}

  /** How a report was collected; echoed into the {@code server_metrics} block. */
  public record Context(String source, String endpoint, String serverType, String filters) {}

  private record Entry(String key, List<String> sources, Function<WindowMetrics, Object> value) {}

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry("count", List.of(REQUESTS), w -> counterTotal(w, REQUESTS)),
          new Entry("rate", List.of(REQUESTS), w -> counterRate(w, REQUESTS)),
          new Entry("prompt_len", List.of(PROMPT_TOKENS, REQUESTS), w -> tokenLength(w, PROMPT_TOKENS)),
          new Entry("output_len", List.of(OUTPUT_TOKENS, REQUESTS), w -> tokenLength(w, OUTPUT_TOKENS)),
          new Entry("queue_len", List.of(QUEUE_LENGTH), w -> gauge(w, QUEUE_LENGTH)),
          histogramEntry("request_latency", ServerMetricCatalog.REQUEST_LATENCY),
          histogramEntry("time_to_first_token", ServerMetricCatalog.TIME_TO_FIRST_TOKEN),
          histogramEntry("time_per_output_token", ServerMetricCatalog.TIME_PER_OUTPUT_TOKEN),
          new Entry("kv_cache_usage_percentage", List.of(KV_CACHE_USAGE), w -> gauge(w, KV_CACHE_USAGE)),
          new Entry("num_requests_swapped", List.of("num_requests_swapped"), w -> gauge(w, "num_requests_swapped")),
          new Entry("num_preemptions_total", List.of("num_preemptions"), w -> counterAsMean(w, "num_preemptions")),
          ratioEntry("prefix_cache_hit_percent", "prefix_cache_hits", "prefix_cache_queries"),
          histogramEntry("inter_token_latency", ServerMetricCatalog.INTER_TOKEN_LATENCY),
          new Entry("num_requests_running", List.of(NUM_REQUESTS_RUNNING), w -> gauge(w, NUM_REQUESTS_RUNNING)),
          histogramEntry("request_queue_time", "request_queue_time"),
          histogramEntry("request_inference_time", "request_inference_time"),
          histogramEntry("request_prefill_time", "request_prefill_time"),
          histogramEntry("request_decode_time", "request_decode_time"),
          histogramEntry("request_prompt_tokens", "request_prompt_tokens"),
          histogramEntry("request_generation_tokens", "request_generation_tokens"),
          histogramEntry("request_max_num_generation_tokens", "request_max_num_generation_tokens"),
          histogramEntry("request_params_n", "request_params_n"),
          histogramEntry("request_params_max_tokens", "request_params_max_tokens"),
          new Entry("request_success_count", List.of(REQUESTS), w -> counterTotal(w, REQUESTS)),
          histogramEntry("iteration_tokens", "iteration_tokens"),
          totalEntry("prompt_tokens_cached"),
          totalEntry("prompt_tokens_recomputed"),
          ratioEntry(
              "external_prefix_cache_hit_percent", "external_prefix_cache_hits", "external_prefix_cache_queries"),
          ratioEntry("mm_cache_hit_percent", "mm_cache_hits", "mm_cache_queries"),
          totalEntry("corrupted_requests"),
          histogramEntry("request_prefill_kv_computed_tokens", "request_prefill_kv_computed_tokens"),
          histogramEntry("kv_block_idle_before_evict", "kv_block_idle_before_evict"),
          histogramEntry("kv_block_lifetime", "kv_block_lifetime"),
          histogramEntry("kv_block_reuse_gap", "kv_block_reuse_gap"));

  /** The whole file for one window. */
  public static Map<String, Object> report(WindowMetrics w, Context context) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("benchmark_time_seconds", WindowMath.round6(w.window().durationSeconds()));
    root.put("load_summary", Map.of());
    root.put("failures", Map.of());
    root.put("successes", successes(w));
    root.put("server_metrics", info(w, context));
    return root;
  }

  static Map<String, Object> successes(WindowMetrics w) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Entry entry : ENTRIES) {
      if (w.fields().keySet().containsAll(entry.sources())) {
        out.put(entry.key(), entry.value().apply(w));
      }
    }
    return out;
  }

  private static Map<String, Object> info(WindowMetrics w, Context context) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("source", context.source());
    info.put("endpoint", context.endpoint());
    info.put("server_type", context.serverType());
    info.put("filters", context.filters());
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("start_epoch_seconds", w.window().startEpochMillis() / 1000.0);
    window.put("end_epoch_seconds", w.window().endEpochMillis() / 1000.0);
    window.put("query_end_epoch_seconds", w.window().queryEndEpochMillis() / 1000.0);
    window.put("duration_seconds", WindowMath.round6(w.window().durationSeconds()));
    window.put("query_range", PromQl.duration(w.window().rangeMillis()));
    info.put("window", window);
    Map<String, Object> names = new LinkedHashMap<>();
    Map<String, Object> missing = new LinkedHashMap<>();
    w.fields()
        .forEach(
            (field, result) -> {
              if (result instanceof Missing m) {
                missing.put(field, m.triedNames());
              } else if (result.metricName() != null) {
                names.put(field, result.metricName());
              }
            });
    info.put("metric_names", names);
    info.put("missing", missing);
    info.put("errors", w.errors());
    info.put("warnings", w.warnings());
    return info;
  }

  private static Entry histogramEntry(String key, String field) {
    return new Entry(key, List.of(field), w -> histogram(w, field));
  }

  private static Entry totalEntry(String field) {
    return new Entry(field, List.of(field), w -> counterTotal(w, field));
  }

  private static Entry ratioEntry(String key, String hitsField, String queriesField) {
    return new Entry(
        key,
        List.of(hitsField, queriesField),
        w -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("mean", hitPercent(w, hitsField, queriesField));
          return out;
        });
  }

  private static Double hitPercent(WindowMetrics w, String hitsField, String queriesField) {
    var hits = w.counter(hitsField);
    var queries = w.counter(queriesField);
    if (hits.isEmpty() || queries.isEmpty() || queries.get().total() <= 0) {
      return null;
    }
    return WindowMath.round6(100.0 * hits.get().total() / queries.get().total());
  }

  private static Double counterTotal(WindowMetrics w, String field) {
    return w.counter(field).map(c -> WindowMath.round6(c.total())).orElse(null);
  }

  private static Double counterRate(WindowMetrics w, String field) {
    return w.counter(field).map(c -> WindowMath.round6(c.perSecond())).orElse(null);
  }

  /** inference-perf reported the increase under "mean"; kept there, with total and rate beside it. */
  private static Map<String, Object> counterAsMean(WindowMetrics w, String field) {
    return w.counter(field)
        .<Map<String, Object>>map(
            c -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("mean", WindowMath.round6(c.total()));
              out.put("total", WindowMath.round6(c.total()));
              out.put("rate", WindowMath.round6(c.perSecond()));
              return out;
            })
        .orElse(null);
  }

  /** Tokens per request, tokens per second and total, from a counter or (TGI) a per-request histogram. */
  private static Map<String, Object> tokenLength(WindowMetrics w, String field) {
    FieldResult result = w.fields().get(field);
    Double mean;
    double total;
    double rate;
    if (result instanceof CounterStats c) {
      total = c.total();
      rate = c.perSecond();
      Double requests = w.counter(REQUESTS).map(CounterStats::total).orElse(null);
      mean = requests != null && requests > 0 ? total / requests : null;
    } else if (result instanceof HistogramStats h) {
      total = h.sum();
      rate = w.window().durationSeconds() > 0 ? h.sum() / w.window().durationSeconds() : 0.0;
      mean = h.mean();
    } else {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mean", WindowMath.round6(mean));
    out.put("rate", WindowMath.round6(rate));
    out.put("total", WindowMath.round6(total));
    return out;
  }

  private static Map<String, Object> histogram(WindowMetrics w, String field) {
    return w.histogram(field)
        .<Map<String, Object>>map(
            h -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("mean", WindowMath.round6(h.mean()));
              out.put("median", WindowMath.round6(h.median()));
              out.put("p90", WindowMath.round6(h.p90()));
              out.put("p99", WindowMath.round6(h.p99()));
              out.put("count", WindowMath.round6(h.count()));
              out.put("rate", WindowMath.round6(h.perSecond()));
              return out;
            })
        .orElse(null);
  }

  private static Map<String, Object> gauge(WindowMetrics w, String field) {
    return w.gauge(field)
        .<Map<String, Object>>map(
            g -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("mean", WindowMath.round6(g.mean()));
              out.put("median", WindowMath.round6(g.median()));
              out.put("p90", WindowMath.round6(g.p90()));
              out.put("p99", WindowMath.round6(g.p99()));
              out.put("max", WindowMath.round6(g.max()));
              if (g.series() != 1) {
                out.put("series", g.series());
              }
              return out;
            })
        .orElse(null);
  }
}
