package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report files of real runs (with failures, goodput and a concurrent stage) obey the internal-consistency rules
 * inference-perf's own report validation applies to its files: the three sections are there, counts reconcile,
 * every distribution is ordered and non-negative (schedule_delay excepted), token totals match their means,
 * throughput matches the counts and the benchmark time, goodput is bounded, stage load figures are non-negative,
 * and per-request token times are ordered and inside each request's lifetime. A file whose numbers contradict each
 * other would mislead every dashboard that reads it.
 */
class ReportInvariantsTest {

  private static final double REL = 1e-6;
  private static final double ABS = 1e-9;

  @Test
  void rateStagesWithFailuresAndGoodput(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        api: {type: chat, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 4, itl_ms: 1, reasoning_tokens: 1, prompt_tokens_details: true,
                    prefix_caching: true, fault_429_fraction: 0.1, fault_cut_fraction: 0.1, seed: 6}
        data:
          type: random
          input_distribution: {min: 16, max: 120, mean: 60, std_dev: 30}
          output_distribution: {min: 2, max: 30, mean: 12, std_dev: 6}
        load: {type: poisson, interval: 0, base_seed: 31, stages: [{rate: 30, duration: 1}, {rate: 60, duration: 0.5}]}
        report:
          request_lifecycle: {per_request: true}
          goodput: {constraints: {ttft: 0.006, request_latency: 0.05}}
        """);
    assertEquals(0, run.exitCode(), run.err());
    List<String> problems = new ArrayList<>();
    checkLifecycle("summary", run.json("summary_lifecycle_metrics.json"), problems);
    for (int stage = 0; stage < 2; stage++) {
      JsonNode report = run.json("stage_" + stage + "_lifecycle_metrics.json");
      checkLifecycle("stage " + stage, report, problems);
      checkStageLoad("stage " + stage, report, problems);
    }
    checkPerRequest(run.json("per_request_lifecycle_metrics.json"), problems);
    JsonNode summary = run.json("summary_lifecycle_metrics.json");
    assertTrue(summary.at("/failures/count").asInt() > 0, "the run had failures to check");
    assertTrue(summary.at("/successes/goodput_metrics").isObject(), "the run had goodput to check");
    assertEquals(List.of(), problems);
  }

  @Test
  void concurrentStage(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        api: {type: completion, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 3, itl_ms: 1}
        load: {type: concurrent, stages: [{num_requests: 30, concurrency_level: 3}]}
        report: {request_lifecycle: {per_request: true}}
        """);
    assertEquals(0, run.exitCode(), run.err());
    List<String> problems = new ArrayList<>();
    JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
    checkLifecycle("stage 0", stage, problems);
    checkStageLoad("stage 0", stage, problems);
    checkLifecycle("summary", run.json("summary_lifecycle_metrics.json"), problems);
    checkPerRequest(run.json("per_request_lifecycle_metrics.json"), problems);
    assertEquals(3, stage.at("/load_summary/concurrency").asInt());
    assertEquals(List.of(), problems);
  }

  private static void checkLifecycle(String file, JsonNode report, List<String> problems) {
    for (String section : List.of("load_summary", "successes", "failures")) {
      if (!report.has(section)) problems.add(file + ": missing " + section);
    }
    long total = report.at("/load_summary/count").asLong();
    long successes = report.at("/successes/count").asLong();
    long failures = report.at("/failures/count").asLong();
    if (successes + failures != total) {
      problems.add(file + ": successes " + successes + " + failures " + failures + " != count " + total);
    }
    double seconds = report.get("benchmark_time_seconds").asDouble();
    if (seconds <= 0) problems.add(file + ": benchmark_time_seconds " + seconds);
    checkDistributions(file, "", report, problems);

    JsonNode prompt = report.at("/successes/prompt_tokens");
    double promptTotal = prompt.get("total").asDouble();
    double cached = prompt.get("cached").asDouble();
    if (!le(cached, promptTotal)) problems.add(file + ": cached > total prompt tokens");
    if (!eq(prompt.get("uncached").asDouble(), Math.max(promptTotal - cached, 0))) {
      problems.add(file + ": uncached != total - cached");
    }
    if (!eq(promptTotal, prompt.get("mean").asDouble() * successes)) problems.add(file + ": prompt total != mean*n");
    JsonNode output = report.at("/successes/output_tokens");
    if (!eq(output.get("total").asDouble(), output.get("mean").asDouble() * successes)) {
      problems.add(file + ": output total != mean*n");
    }

    JsonNode throughput = report.at("/successes/throughput");
    throughput.fields().forEachRemaining(e -> {
      if (e.getValue().asDouble() < 0) problems.add(file + ": negative " + e.getKey());
    });
    if (!eq(throughput.get("requests_per_sec").asDouble() * seconds, successes)) {
      problems.add(file + ": requests_per_sec * benchmark_time_seconds != successes.count");
    }
    if (!eq(throughput.get("input_tokens_per_sec").asDouble() + throughput.get("output_tokens_per_sec").asDouble(),
        throughput.get("total_tokens_per_sec").asDouble())) {
      problems.add(file + ": input + output tokens/s != total tokens/s");
    }

    JsonNode goodput = report.at("/successes/goodput_metrics");
    if (goodput.isObject()) {
      if (goodput.get("good_requests").asLong() > goodput.get("total_requests").asLong()) {
        problems.add(file + ": good_requests > total_requests");
      }
      if (goodput.get("total_requests").asLong() != successes) {
        problems.add(file + ": goodput total_requests != successes.count");
      }
      goodput.fields().forEachRemaining(e -> {
        double v = e.getValue().asDouble();
        if (e.getKey().endsWith("percentage") && (v < 0 || v > 100 + 1e-9)) {
          problems.add(file + ": " + e.getKey() + " = " + v);
        }
      });
    }
  }

  private static void checkStageLoad(String file, JsonNode report, List<String> problems) {
    JsonNode load = report.get("load_summary");
    for (String key : List.of("requested_rate", "achieved_rate", "send_duration")) {
      if (!load.has(key)) problems.add(file + ": load_summary." + key + " missing");
      else if (load.get(key).asDouble() < 0) problems.add(file + ": load_summary." + key + " negative");
    }
    if (load.has("concurrency") && load.get("concurrency").asDouble() < 0) {
      problems.add(file + ": negative concurrency");
    }
  }

  private static final Pattern PERCENTILE = Pattern.compile("p(\\d+(?:\\.\\d+)?)");

  /** Every object with numeric min and max is a distribution: ordered, within bounds, non-negative. */
  private static void checkDistributions(String file, String path, JsonNode node, List<String> problems) {
    if (node.isObject()) {
      if (node.path("min").isNumber() && node.path("max").isNumber()) {
        checkDistribution(file, path, node, problems);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        checkDistributions(file, path + "." + e.getKey(), e.getValue(), problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) checkDistributions(file, path + "[" + i + "]", node.get(i), problems);
    }
  }

  private static void checkDistribution(String file, String path, JsonNode block, List<String> problems) {
    double min = block.get("min").asDouble();
    double max = block.get("max").asDouble();
    if (!le(min, max)) problems.add(file + path + ": min > max");
    if (min < 0 && !path.contains("schedule_delay")) problems.add(file + path + ": negative min " + min);
    List<double[]> ranked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNumber()) continue;
      double v = e.getValue().asDouble();
      Matcher m = PERCENTILE.matcher(e.getKey());
      double rank = e.getKey().equals("median") ? 50 : m.matches() ? Double.parseDouble(m.group(1)) : -1;
      if ((rank >= 0 || e.getKey().equals("mean")) && !(le(min, v) && le(v, max))) {
        problems.add(file + path + "." + e.getKey() + " = " + v + " outside [" + min + ", " + max + "]");
      }
      if (rank >= 0) ranked.add(new double[] {rank, v});
    }
    ranked.sort((a, b) -> Double.compare(a[0], b[0]));
    for (int i = 1; i < ranked.size(); i++) {
      if (!le(ranked.get(i - 1)[1], ranked.get(i)[1])) problems.add(file + path + ": percentiles out of order");
    }
  }

  private static void checkPerRequest(JsonNode entries, List<String> problems) {
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      double start = e.get("start_time").asDouble();
      double end = e.get("end_time").asDouble();
      if (end < start) problems.add("request " + i + ": end before start");
      if (e.get("error").isNull() && e.at("/info/response_metrics").isMissingNode()) {
        problems.add("request " + i + ": success without response_metrics");
      }
      JsonNode times = e.at("/info/response_metrics/output_token_times");
      for (int t = 0; t < times.size(); t++) {
        double time = times.get(t).asDouble();
        if (t > 0 && time < times.get(t - 1).asDouble()) problems.add("request " + i + ": token times out of order");
        if (time < start || time > end) problems.add("request " + i + ": token time outside [start, end]");
      }
    }
  }

  private static boolean le(double a, double b) {
    return a <= b + ABS + REL * Math.max(Math.abs(a), Math.abs(b));
  }

  private static boolean eq(double a, double b) {
    return Math.abs(a - b) <= ABS + REL * Math.max(Math.abs(a), Math.abs(b));
  }
}
