package io.inferenceperf.report;

import static io.inferenceperf.report.JsonFormat.putNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.FailureTally;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.metrics.LongDistribution;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.Percentiles;
import io.inferenceperf.metrics.RunStatus;
import io.inferenceperf.metrics.StageAggregate;
import io.inferenceperf.metrics.StageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one lifecycle report tree ({@code summary_lifecycle_metrics} or {@code stage_N_lifecycle_metrics}) from an
 * aggregate, with inference-perf's keys in inference-perf's order, followed by our extra blocks ({@code status},
 * {@code client_health} for stages, {@code measurement}). Every time is in seconds.
 */
final class LifecycleReportBuilder {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double PICOS_PER_SECOND = 1e12;
  private static final double PLAIN = 1;

  private final StageAggregate aggregate;
  private final List<Double> percentiles;
  private final List<String> hdrPaths = new ArrayList<>();

  private LifecycleReportBuilder(StageAggregate aggregate) {
    this.aggregate = aggregate;
    this.percentiles = aggregate.settings().percentiles();
  }

  /** The run summary report: load_summary has only count and schedule_delay. */
  static ObjectNode summary(StageAggregate aggregate, RunStatus status, MeasurementSetup setup) {
    return new LifecycleReportBuilder(aggregate).build(null, null, status, setup);
  }

  /** A stage report: load_summary adds the send window and rates, and client_health is appended. */
  static ObjectNode stage(
      StageAggregate aggregate, StageInfo info, ClientHealth health, RunStatus status, MeasurementSetup setup) {
    return new LifecycleReportBuilder(aggregate).build(info, health, status, setup);
  }

  private ObjectNode build(StageInfo stage, ClientHealth health, RunStatus status, MeasurementSetup setup) {
    ObjectNode root = JsonFormat.object();
    root.put("benchmark_time_seconds", aggregate.benchmarkTimeNanos() / NANOS_PER_SECOND);
    root.set("load_summary", loadSummary(stage));
    root.set("successes", successes());
    root.set("failures", failures());
    root.put("status", status.reportName());
    if (health != null) {
      root.set("client_health", clientHealth(health));
    }
    root.set("measurement", measurement(setup));
    return root;
  }

  private ObjectNode loadSummary(StageInfo stage) {
    ObjectNode load = JsonFormat.object();
    load.put("count", aggregate.count());
    load.set("schedule_delay", distribution("load_summary.schedule_delay", aggregate.scheduleDelayNanos(),
        NANOS_PER_SECOND));
    if (stage != null) {
      double sendSeconds = aggregate.sendDurationNanos() / NANOS_PER_SECOND;
      load.put("send_duration", sendSeconds);
      putNumber(load, "requested_rate", stage.requestedRate());
      load.put("achieved_rate", aggregate.achievedRate());
      if (stage.concurrent()) {
        load.put("concurrency", stage.concurrencyLevel());
      }
    }
    return load;
  }

  private ObjectNode successes() {
    ObjectNode successes = JsonFormat.object();
    successes.put("count", aggregate.successCount());
    successes.set("latency", latency());
    successes.set("throughput", throughput());
    successes.set("request_size_bytes", distribution("successes.request_size_bytes", aggregate.requestBytes(), PLAIN));
    successes.set("image", media("count", "pixels", "bytes", "aspect_ratio"));
    successes.set("video", media("count", "frames", "pixels", "bytes", "aspect_ratio"));
    successes.set("audio", media("count", "seconds", "bytes"));
    successes.set("prompt_tokens", promptTokens("successes.prompt_tokens", aggregate.promptTokens(),
        aggregate.promptTokensTotal(), aggregate.cachedPromptTokensTotal()));
    successes.set("output_len", distribution("successes.output_len", aggregate.clientOutputTokens(), PLAIN));
    ObjectNode outputTokens = JsonFormat.object();
    outputTokens.put("total", (double) aggregate.reportedOutputTokensTotal());
    appendDistribution(outputTokens, "successes.output_tokens", aggregate.reportedOutputTokens(), PLAIN);
    successes.set("output_tokens", outputTokens);
    successes.put("token_count_mismatches", aggregate.tokenCountMismatches());
    ObjectNode fallbacks = successes.putObject("client_fallback_requests");
    fallbacks.put("prompt", aggregate.promptClientFallbacks());
    fallbacks.put("output", aggregate.outputClientFallbacks());
    GoodputTally goodput = aggregate.goodput();
    GoodputTally.Result result =
        goodput == null ? null : goodput.result(aggregate.successTimeNanos() / NANOS_PER_SECOND);
    if (result != null) {
      successes.set("goodput_metrics", goodput(result));
    }
    return successes;
  }

  private ObjectNode latency() {
    ObjectNode latency = JsonFormat.object();
    String at = "successes.latency.";
    latency.set("request_latency", distribution(at + "request_latency", aggregate.latencyNanos(), NANOS_PER_SECOND));
    latency.set("normalized_time_per_output_token",
        distribution(at + "normalized_time_per_output_token", aggregate.ntpotPicos(), PICOS_PER_SECOND));
    latency.set("time_per_output_token",
        distribution(at + "time_per_output_token", aggregate.tpotPicos(), PICOS_PER_SECOND));
    latency.set("time_to_first_token", distribution(at + "time_to_first_token", aggregate.ttftNanos(),
        NANOS_PER_SECOND));
    latency.set("inter_token_latency", distribution(at + "inter_token_latency", aggregate.itlNanos(),
        NANOS_PER_SECOND));
    latency.set("time_to_first_content_token",
        distribution(at + "time_to_first_content_token", aggregate.ttfcNanos(), NANOS_PER_SECOND));
    latency.set("request_latency_from_intended",
        distribution(at + "request_latency_from_intended", aggregate.latencyFromIntendedNanos(), NANOS_PER_SECOND));
    return latency;
  }

  private ObjectNode throughput() {
    double seconds = aggregate.benchmarkTimeNanos() / NANOS_PER_SECOND;
    double input = aggregate.promptTokensTotal();
    double output = aggregate.effectiveOutputTokensTotal();
    ObjectNode throughput = JsonFormat.object();
    throughput.put("input_tokens_per_sec", perSecond(input, seconds));
    throughput.put("output_tokens_per_sec", perSecond(output, seconds));
    throughput.put("total_tokens_per_sec", perSecond(input + output, seconds));
    throughput.put("requests_per_sec", perSecond(aggregate.successCount(), seconds));
    throughput.put("images_per_sec", 0.0);
    throughput.put("videos_per_sec", 0.0);
    throughput.put("audios_per_sec", 0.0);
    return throughput;
  }

  private static double perSecond(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0.0;
  }

  /** A multimodal block: every success carried 0 items, so count is all zeros and the rest null (no instances). */
  private ObjectNode media(String... keys) {
    ObjectNode media = JsonFormat.object();
    for (String key : keys) {
      if (key.equals("count")) {
        DistributionSummary zeros = DistributionSummary.constant(aggregate.successCount(), 0.0, percentiles);
        media.set(key, zeros == null ? NullNode.getInstance() : summaryNode(zeros));
      } else {
        media.putNull(key);
      }
    }
    return media;
  }

  private ObjectNode promptTokens(String path, LongDistribution perRequest, long total, long cached) {
    ObjectNode node = JsonFormat.object();
    node.put("total", (double) total);
    node.put("cached", (double) cached);
    node.put("uncached", (double) Math.max(total - cached, 0));
    appendDistribution(node, path, perRequest, PLAIN);
    return node;
  }

  private ObjectNode goodput(GoodputTally.Result result) {
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
    failures.put("count", aggregate.failureCount());
    failures.set("request_latency",
        distribution("failures.request_latency", aggregate.failureLatencyNanos(), NANOS_PER_SECOND));
    failures.set("prompt_tokens", promptTokens("failures.prompt_tokens", aggregate.failurePromptTokens(),
        aggregate.failurePromptTokensTotal(), aggregate.failureCachedPromptTokensTotal()));
    ObjectNode byLabel = failures.putObject("by_label");
    for (FailureTally.LabelCount label : aggregate.failures().labels()) {
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
    node.put("normalization_output_tokens",
        aggregate.settings().useServerOutputTokens() ? "server_usage_when_reported" : "client_count");
    node.put("tokenizer", setup.tokenizerName());
    node.put("itl_granularity", setup.itlGranularity());
    node.put("ttft_definition", "first token chunk, reasoning or content; at least one chunk");
    node.put("percentile_method", hdrPaths.isEmpty() ? "exact" : "hdr");
    node.put("percentile_interpolation", "linear (numpy default)");
    ArrayNode hdr = node.putArray("hdr_metrics");
    hdrPaths.forEach(hdr::add);
    node.put("hdr_significant_digits", LongDistribution.HDR_SIGNIFICANT_DIGITS);
    node.put("exact_values_cap", aggregate.settings().exactValuesCap());
    return node;
  }

  private String outputTokensSource() {
    long successes = aggregate.successCount();
    long fromClient = aggregate.outputClientFallbacks();
    if (successes == 0) {
      return "none";
    }
    if (fromClient == 0) {
      return "server_usage";
    }
    return fromClient == successes ? "client_tokenizer" : "mixed";
  }

  private JsonNode distribution(String path, LongDistribution values, double units) {
    DistributionSummary summary = summarize(path, values, units);
    return summary == null ? NullNode.getInstance() : summaryNode(summary);
  }

  /** Adds mean/min/max/percentiles into an existing block (prompt_tokens, output_tokens), when not empty. */
  private void appendDistribution(ObjectNode node, String path, LongDistribution values, double units) {
    DistributionSummary summary = summarize(path, values, units);
    if (summary != null) {
      node.setAll(summaryNode(summary));
    }
  }

  private DistributionSummary summarize(String path, LongDistribution values, double units) {
    DistributionSummary summary = values.summarize(percentiles, units);
    if (summary != null && !summary.exact()) {
      hdrPaths.add(path);
    }
    return summary;
  }

  private ObjectNode summaryNode(DistributionSummary summary) {
    ObjectNode node = JsonFormat.object();
    node.put("mean", summary.mean());
    node.put("min", summary.min());
    node.put("max", summary.max());
    for (Map.Entry<Double, Double> percentile : summary.percentiles().entrySet()) {
      node.put(Percentiles.key(percentile.getKey()), percentile.getValue());
    }
    return node;
  }
}
