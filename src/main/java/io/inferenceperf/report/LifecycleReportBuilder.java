package io.inferenceperf.report;

import static io.inferenceperf.report.JsonFormat.putNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.Count;
import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.FailureTally;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.metrics.LongDistribution;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.Metric;
import io.inferenceperf.metrics.Percentiles;
import io.inferenceperf.metrics.StageSummary;
import io.inferenceperf.metrics.Summary;
import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders one lifecycle report tree ({@code summary_lifecycle_metrics} or {@code stage_N_lifecycle_metrics}) from a
 * {@link Summary}, with inference-perf's keys in inference-perf's order, followed by our extra blocks ({@code status},
 * {@code client_health} for stages, {@code measurement}, and the report inputs such as {@code client_resources}).
 * Every time is in seconds. Rendering only: every number was computed by the aggregation.
 */
final class LifecycleReportBuilder {

  private final Summary summary;
  private final List<Double> percentiles;
  private final boolean useServerOutputTokens;
  private final int exactValuesCap;
  private final List<String> hdrPaths = new ArrayList<>();

  private LifecycleReportBuilder(Summary summary, List<Double> percentiles, boolean useServerOutputTokens,
      int exactValuesCap) {
    this.summary = summary;
    this.percentiles = percentiles;
    this.useServerOutputTokens = useServerOutputTokens;
    this.exactValuesCap = exactValuesCap;
  }

  /** The run summary report: load_summary has only count and schedule_delay. */
  static ObjectNode summary(Summary total, Status status, ReportContext context) {
    return new LifecycleReportBuilder(total, context.percentiles(), context.useServerOutputTokens(),
        context.exactValuesCap()).build(null, status, context.setup());
  }

  /** A stage report: load_summary adds the send window, rates and plan, and client_health is appended. */
  static ObjectNode stage(StageSummary stage, ReportContext context) {
    return new LifecycleReportBuilder(stage.summary(), context.percentiles(), context.useServerOutputTokens(),
        context.exactValuesCap()).build(stage, stage.status(), context.setup());
  }

  private ObjectNode build(StageSummary stage, Status status, MeasurementSetup setup) {
    ObjectNode root = JsonFormat.object();
    root.put("benchmark_time_seconds", summary.benchmarkTimeNanos() / 1e9);
    root.set("load_summary", loadSummary(stage));
    root.set("successes", successes());
    root.set("failures", failures());
    root.put("status", status.reportName());
    if (stage != null) {
      ObjectNode health = clientHealth(stage.health());
      if (summary.distribution(Metric.READ_LATENESS) != null) {
        health.set("read_lateness", distribution(Metric.READ_LATENESS));
      }
      if (summary.distribution(Metric.ARRIVAL_UNCERTAINTY) != null) {
        health.set("arrival_uncertainty", distribution(Metric.ARRIVAL_UNCERTAINTY));
      }
      root.set("client_health", health);
    }
    root.set("measurement", measurement(setup));
    return root;
  }

  private ObjectNode loadSummary(StageSummary stage) {
    ObjectNode load = JsonFormat.object();
    load.put("count", summary.count(Count.RECORDS));
    load.set("schedule_delay", distribution(Metric.SCHEDULE_DELAY));
    if (stage != null) {
      load.put("send_duration", summary.sendDurationNanos() / 1e9);
      putNumber(load, "requested_rate", stage.info().requestedRate());
      load.put("achieved_rate", summary.achievedRate());
      if (stage.info().concurrent()) {
        load.put("concurrency", stage.info().concurrencyLevel());
      }
      if (stage.info().hasPlan()) {
        load.put("planned", stage.info().plannedRequests());
        load.put("sent", summary.count(Count.SENT));
        load.put("not_sent", stage.notSent());
      }
    }
    return load;
  }

  private ObjectNode successes() {
    ObjectNode successes = JsonFormat.object();
    successes.put("count", summary.count(Count.SUCCESSES));
    successes.set("latency", latency());
    successes.set("throughput", throughput());
    successes.set("request_size_bytes", distribution(Metric.REQUEST_BYTES));
    successes.set("image", media(Metric.IMAGE_COUNT, Metric.IMAGE_PIXELS, Metric.IMAGE_BYTES,
        Metric.IMAGE_ASPECT_RATIO));
    successes.set("video", media(Metric.VIDEO_COUNT, Metric.VIDEO_FRAMES, Metric.VIDEO_PIXELS, Metric.VIDEO_BYTES,
        Metric.VIDEO_ASPECT_RATIO));
    successes.set("audio", media(Metric.AUDIO_COUNT, Metric.AUDIO_SECONDS, Metric.AUDIO_BYTES));
    successes.set("prompt_tokens", tokens(Metric.PROMPT_TOKENS, Count.PROMPT_TOKENS, Count.CACHED_PROMPT_TOKENS));
    // Older inference-perf releases (and dashboards built on them) read prompt_len, later renamed prompt_tokens.
    successes.set("prompt_len", distribution(Metric.PROMPT_TOKENS));
    successes.set("output_len", distribution(Metric.OUTPUT_LEN));
    ObjectNode outputTokens = JsonFormat.object();
    outputTokens.put("total", (double) summary.count(Count.REPORTED_OUTPUT_TOKENS));
    appendDistribution(outputTokens, Metric.OUTPUT_TOKENS);
    successes.set("output_tokens", outputTokens);
    successes.put("token_count_mismatches", summary.count(Count.TOKEN_COUNT_MISMATCHES));
    ObjectNode fallbacks = successes.putObject("client_fallback_requests");
    fallbacks.put("prompt", summary.count(Count.PROMPT_CLIENT_FALLBACKS));
    fallbacks.put("output", summary.count(Count.OUTPUT_CLIENT_FALLBACKS));
    if (summary.goodput() != null) {
      successes.set("goodput_metrics", goodput(summary.goodput()));
    }
    return successes;
  }

  private static final List<Metric> LATENCIES = List.of(Metric.REQUEST_LATENCY, Metric.NTPOT, Metric.TPOT,
      Metric.TTFT, Metric.ITL, Metric.TTFC, Metric.LATENCY_FROM_INTENDED);

  private ObjectNode latency() {
    ObjectNode latency = JsonFormat.object();
    for (Metric metric : LATENCIES) {
      latency.set(metric.reportPath.substring("successes.latency.".length()), distribution(metric));
    }
    return latency;
  }

  private ObjectNode throughput() {
    double seconds = summary.benchmarkTimeNanos() / 1e9;
    double input = summary.count(Count.PROMPT_TOKENS);
    double output = summary.count(Count.EFFECTIVE_OUTPUT_TOKENS);
    ObjectNode throughput = JsonFormat.object();
    throughput.put("input_tokens_per_sec", perSecond(input, seconds));
    throughput.put("output_tokens_per_sec", perSecond(output, seconds));
    throughput.put("total_tokens_per_sec", perSecond(input + output, seconds));
    throughput.put("requests_per_sec", perSecond(summary.count(Count.SUCCESSES), seconds));
    throughput.put("images_per_sec", perSecond(summary.count(Count.IMAGES), seconds));
    throughput.put("videos_per_sec", perSecond(summary.count(Count.VIDEOS), seconds));
    throughput.put("audios_per_sec", perSecond(summary.count(Count.AUDIOS), seconds));
    return throughput;
  }

  private static double perSecond(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0.0;
  }

  /**
   * A multimodal block: the items per success (0 for one without), then each per-item distribution, null when no
   * success carried an item of this kind (inference-perf's summarize of an empty list).
   */
  private ObjectNode media(Metric... metrics) {
    ObjectNode media = JsonFormat.object();
    for (Metric metric : metrics) {
      media.set(metric.reportPath.substring(metric.reportPath.lastIndexOf('.') + 1), distribution(metric));
    }
    return media;
  }

  private ObjectNode tokens(Metric perRequest, Count total, Count cached) {
    ObjectNode node = JsonFormat.object();
    node.put("total", (double) summary.count(total));
    node.put("cached", (double) summary.count(cached));
    node.put("uncached", (double) Math.max(summary.count(total) - summary.count(cached), 0));
    appendDistribution(node, perRequest);
    return node;
  }

  private static ObjectNode goodput(GoodputTally.Result result) {
    ObjectNode node = JsonFormat.object();
    node.put("goodput_percentage", result.goodputPercentage());
    node.put("request_goodput", result.requestGoodput());
    node.put("token_goodput", result.tokenGoodput());
    node.put("good_requests", result.goodRequests());
    node.put("total_requests", result.totalRequests());
    for (Map.Entry<String, Double> attainment : result.attainmentPercentages().entrySet()) {
      node.put(attainment.getKey(), attainment.getValue());
    }
    return node;
  }

  private ObjectNode failures() {
    ObjectNode failures = JsonFormat.object();
    failures.put("count", summary.count(Count.FAILURES));
    failures.set("request_latency", distribution(Metric.FAILURE_LATENCY));
    failures.set("prompt_tokens",
        tokens(Metric.FAILURE_PROMPT_TOKENS, Count.FAILURE_PROMPT_TOKENS, Count.FAILURE_CACHED_PROMPT_TOKENS));
    failures.set("prompt_len", distribution(Metric.FAILURE_PROMPT_TOKENS));
    ObjectNode byLabel = failures.putObject("by_label");
    for (FailureTally.LabelCount label : summary.failures()) {
      ObjectNode entry = byLabel.putObject(label.label());
      entry.put("count", label.count());
      ArrayNode messages = entry.putArray("messages");
      for (FailureTally.MessageCount message : label.messages()) {
        messages.addObject().put("message", message.message()).put("count", message.count());
      }
    }
    return failures;
  }

  private static ObjectNode clientHealth(ClientHealth health) {
    ObjectNode node = JsonFormat.object();
    node.put("kept_up", health.keptUp());
    putNumber(node, "requested_rate", health.requestedRate());
    node.put("achieved_rate", health.achievedRate());
    putNumber(node, "schedule_delay_p50", health.scheduleDelayP50Seconds());
    putNumber(node, "schedule_delay_p99", health.scheduleDelayP99Seconds());
    putNumber(node, "schedule_delay_max", health.scheduleDelayMaxSeconds());
    node.put("warning", health.warning());
    return node;
  }

  private ObjectNode measurement(MeasurementSetup setup) {
    ObjectNode node = JsonFormat.object();
    node.put("time_unit", "seconds");
    node.put("output_tokens_source", outputTokensSource());
    node.put("normalization_output_tokens", useServerOutputTokens ? "server_usage_when_reported" : "client_count");
    node.put("tokenizer", setup.tokenizerName());
    node.put("itl_granularity", setup.itlGranularity());
    node.put("ttft_definition", "first token chunk, reasoning or content; at least one chunk");
    node.put("arrival_timestamps", setup.arrivalTimestamps());
    node.put("send_timestamps", setup.sendTimestamps());
    if (setup.ioPriority() != null) node.put("io_threads", setup.ioPriority());
    if (setup.kernelTimestamps()) {
      node.put("requests_with_kernel_arrivals", summary.count(Count.KERNEL_ARRIVAL_STAMPS));
      node.put("requests_with_kernel_send", summary.count(Count.KERNEL_SEND_STAMPS));
      node.put("requests_with_arrivals_uncertain_over_1ms", summary.count(Count.UNCERTAIN_ARRIVALS));
    }
    node.put("percentile_method", hdrPaths.isEmpty() ? "exact" : "hdr");
    node.put("percentile_interpolation", "linear (numpy default)");
    ArrayNode hdr = node.putArray("hdr_metrics");
    hdrPaths.forEach(hdr::add);
    node.put("hdr_significant_digits", LongDistribution.HDR_SIGNIFICANT_DIGITS);
    node.put("exact_values_cap", exactValuesCap);
    return node;
  }

  private String outputTokensSource() {
    long successes = summary.count(Count.SUCCESSES);
    long fromClient = summary.count(Count.OUTPUT_CLIENT_FALLBACKS);
    if (successes == 0) {
      return "none";
    }
    if (fromClient == 0) {
      return "server_usage";
    }
    return fromClient == successes ? "client_tokenizer" : "mixed";
  }

  private JsonNode distribution(Metric metric) {
    DistributionSummary values = noted(metric);
    return values == null ? NullNode.getInstance() : summaryNode(values);
  }

  /** Adds mean/min/max/percentiles into an existing block (prompt_tokens, output_tokens), when not empty. */
  private void appendDistribution(ObjectNode node, Metric metric) {
    DistributionSummary values = noted(metric);
    if (values != null) {
      node.setAll(summaryNode(values));
    }
  }

  /** The metric's summary, noting it when its percentiles came from the histogram. */
  private DistributionSummary noted(Metric metric) {
    DistributionSummary values = summary.distribution(metric);
    if (values != null && !values.exact() && !hdrPaths.contains(metric.reportPath)) {
      hdrPaths.add(metric.reportPath);
    }
    return values;
  }

  private ObjectNode summaryNode(DistributionSummary values) {
    ObjectNode node = JsonFormat.object();
    node.put("mean", values.mean());
    node.put("min", values.min());
    node.put("max", values.max());
    for (double p : percentiles) {
      node.put(Percentiles.key(p), values.percentile(p));
    }
    return node;
  }
}
