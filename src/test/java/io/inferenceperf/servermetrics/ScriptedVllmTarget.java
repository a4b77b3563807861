package io.inferenceperf.servermetrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scripted /metrics target for tests (not the project's simulator): it exposes vLLM-format counters, gauges
 * and histograms whose values the test sets, so a test knows the exact ground truth. Every scrape is logged with
 * the time it was served and the gauge values it carried. With {@code legacyNames} it speaks an older vLLM
 * dialect (gpu_cache_usage_perc, time_per_output_token_seconds, counters without {@code _total}).
 */
final class ScriptedVllmTarget implements AutoCloseable {
  static final double[] TTFT_BOUNDS = {0.1, 0.25, 0.5, 1.0};

  /** One served scrape: when, by whom (User-Agent), and the gauge values in it. */
  record Served(long epochMillis, String userAgent, Map<String, Double> gauges) {}

  private final HttpServer server;
  private final String modelName;
  private final boolean legacyNames;
  private final Map<String, Double> counters = new TreeMap<>();
  private final Map<String, Double> gauges = new LinkedHashMap<>();
  private final double[] ttftBucketCounts = new double[TTFT_BOUNDS.length + 1];
  private double ttftSum;
  private final List<Served> served = new ArrayList<>();

  ScriptedVllmTarget(String modelName, boolean legacyNames) throws IOException {
    this.modelName = modelName;
    this.legacyNames = legacyNames;
    counters.put("finished_reason=\"stop\"", 0.0);
    counters.put("prompt", 0.0);
    counters.put("generation", 0.0);
    counters.put("prefix_hits", 0.0);
    counters.put("prefix_queries", 0.0);
    gauges.put("waiting", 0.0);
    gauges.put("running", 0.0);
    gauges.put("kv", 0.0);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          String agent = exchange.getRequestHeaders().getFirst("User-Agent");
          byte[] body = render(agent == null ? "" : agent).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String metricsUrl() {
    return "http://" + hostPort() + "/metrics";
  }

  /** Finishes {@code n} requests with the given finish reason, token counts and TTFTs (seconds). */
  synchronized void finishRequests(String finishReason, int promptTokensEach, int outputTokensEach, double... ttfts) {
    int n = ttfts.length;
    counters.merge("finished_reason=\"" + finishReason + "\"", (double) n, Double::sum);
    counters.merge("prompt", (double) n * promptTokensEach, Double::sum);
    counters.merge("generation", (double) n * outputTokensEach, Double::sum);
    for (double ttft : ttfts) {
      int bucket = 0;
      while (bucket < TTFT_BOUNDS.length && ttft > TTFT_BOUNDS[bucket]) {
        bucket++;
      }
      ttftBucketCounts[bucket]++;
      ttftSum += ttft;
    }
  }

  /** A server restart: every counter and histogram starts again from zero. */
  synchronized void restart() {
    counters.replaceAll((k, v) -> 0.0);
    java.util.Arrays.fill(ttftBucketCounts, 0);
    ttftSum = 0;
  }

  synchronized void prefixCache(double hits, double queries) {
    counters.merge("prefix_hits", hits, Double::sum);
    counters.merge("prefix_queries", queries, Double::sum);
  }

  synchronized void setGauges(double waiting, double running, double kvFraction) {
    gauges.put("waiting", waiting);
    gauges.put("running", running);
    gauges.put("kv", kvFraction);
  }

  synchronized List<Served> served() {
    return List.copyOf(served);
  }

  private synchronized String render(String userAgent) {
    served.add(new Served(System.currentTimeMillis(), userAgent, Map.copyOf(gauges)));
    String labels = "model_name=\"" + modelName + "\"";
    StringBuilder out = new StringBuilder();
    String total = legacyNames ? "" : "_total";
    counter(out, "vllm:prompt_tokens" + total, labels, counters.get("prompt"));
    counter(out, "vllm:generation_tokens" + total, labels, counters.get("generation"));
    out.append("# HELP vllm:request_success").append(total).append(" Count of successfully processed requests.\n");
    out.append("# TYPE vllm:request_success").append(total).append(" counter\n");
    for (Map.Entry<String, Double> e : counters.entrySet()) {
      if (e.getKey().startsWith("finished_reason")) {
        out.append("vllm:request_success").append(total).append('{').append(e.getKey()).append(',')
            .append(labels).append("} ").append(number(e.getValue())).append('\n');
      }
    }
    counter(out, "vllm:prefix_cache_hits" + total, labels, counters.get("prefix_hits"));
    counter(out, "vllm:prefix_cache_queries" + total, labels, counters.get("prefix_queries"));
    gauge(out, "vllm:num_requests_waiting", labels, gauges.get("waiting"));
    gauge(out, "vllm:num_requests_running", labels, gauges.get("running"));
    gauge(out, legacyNames ? "vllm:gpu_cache_usage_perc" : "vllm:kv_cache_usage_perc", labels, gauges.get("kv"));
    histogram(out, "vllm:time_to_first_token_seconds", labels);
    // An unrelated family with label escapes, to keep the parser honest.
    out.append("# HELP python_info Python platform information\n# TYPE python_info gauge\n");
    out.append("python_info{implementation=\"CPython\",note=\"a \\\"quoted\\\" \\\\ path\\nline\"} 1.0\n");
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String labels, double value) {
    out.append("# HELP ").append(name).append(" A counter.\n# TYPE ").append(name).append(" counter\n");
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String labels, double value) {
    out.append("# HELP ").append(name).append(" A gauge.\n# TYPE ").append(name).append(" gauge\n");
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private void histogram(StringBuilder out, String name, String labels) {
    out.append("# HELP ").append(name).append(" A histogram.\n# TYPE ").append(name).append(" histogram\n");
    double cumulative = 0;
    for (int i = 0; i <= TTFT_BOUNDS.length; i++) {
      cumulative += ttftBucketCounts[i];
      String le = i < TTFT_BOUNDS.length ? number(TTFT_BOUNDS[i]) : "+Inf";
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ")
          .append(number(cumulative)).append('\n');
    }
    out.append(name).append("_sum{").append(labels).append("} ").append(number(ttftSum)).append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(number(cumulative)).append('\n');
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
