package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.htmlreport.Html;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's report.html in a real browser: Debian's Chromium, headless, opens it from a file URL with every network
 * route dead (a proxy on a closed port, every host name unresolvable), runs its scripts, and the test reads the
 * rendered DOM: every chart rendered a canvas with the expected number of points, every number cell shows its stage
 * report's value, and the page fetched nothing (the Performance API's resource entries, written by the page).
 * Chromium comes from scripts/test-deps.sh.
 */
class HtmlReportBrowserTest {
  private static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model, api_key: sk-secret-42}
      data:
        type: random
        input_distribution: {min: 30, max: 60, mean: 45, std_dev: 10}
        output_distribution: {min: 5, max: 15, mean: 10, std_dev: 3}
      load: {type: constant, interval: 0, base_seed: 3, stages: [{rate: 20, duration: 1.5}, {rate: 40, duration: 1.5}]}
      """;
  private static final List<String> CHARTS = List.of("ttft-by-stage", "itl-by-stage", "throughput-by-stage",
      "ttft-over-time", "itl-over-time", "requests-over-time", "tokens-over-time");
  private static final Pattern CELL = Pattern.compile("data-key=\"stage(\\d+)\\.([^\"]+)\">([^<]*)<");

  @Test
  void reportRendersItsChartsAndTheReportsNumbersOffline(@TempDir Path dir) throws Exception {
    CliRunner.Result run;
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2,
        "fault_500_fraction", 0.1))) {
      run = CliRunner.run(dir, RUN.formatted(sim.baseUrl()));
    }
    assertEquals(0, run.exitCode(), run.err());
    Path page = run.reports().resolve("report.html");
    String html = Files.readString(page);
    assertFalse(html.contains("sk-secret-42"), "secrets redacted");
    assertFalse(Pattern.compile("(src|href)=\"https?:").matcher(html).find(), "nothing linked from the network");

    String dom = dumpDom(page, dir.resolve("chromium-profile"));

    assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran to its end");
    assertTrue(dom.contains("data-resources=\"0\""), "the page fetched nothing");
    for (String chart : CHARTS) {
      String div = chartDiv(dom, chart);
      assertTrue(div.contains("data-rendered=\"true\"") && div.contains("<canvas"), chart + " rendered: " + div);
    }
    assertTrue(chartDiv(dom, "ttft-by-stage").contains("data-points=\"2\""), "one point per stage");
    int checked = checkNumbers(dom, run);
    // 8 load and 20 latency cells per stage.
    assertEquals(2 * 28, checked, checked + " number cells checked");
    assertTrue(dom.contains("id=\"failures\"") && dom.contains("500 - Internal Server Error"),
        "failures by label shown");
  }

  /** Every data-key cell shows its stage report's value, formatted as the page formats it; returns the count. */
  private static int checkNumbers(String dom, CliRunner.Result run) throws IOException {
    int checked = 0;
    Matcher cell = CELL.matcher(dom);
    while (cell.find()) {
      String path = cell.group(2);
      if (path.startsWith("failures.by_label.")) continue; // labels hold dots; the label's text is checked apart
      JsonNode value = run.json("stage_" + cell.group(1) + "_lifecycle_metrics.json");
      for (String key : path.split("\\.")) value = value.path(key);
      String expected = !value.isNumber() ? "\u2014"
          : path.startsWith("successes.latency.") ? Html.millis(value.asDouble())
          : path.endsWith(".count") ? String.valueOf(value.asLong())
          : Html.number(value.asDouble());
      assertEquals(expected, cell.group(3), "stage " + cell.group(1) + " " + path);
      checked++;
    }
    return checked;
  }

  private static String chartDiv(String dom, String id) {
    int start = dom.indexOf("id=\"" + id + "\"");
    assertTrue(start >= 0, "chart " + id + " missing");
    int end = dom.indexOf("class=\"chart\"", start);
    return dom.substring(start, end < 0 ? Math.min(dom.length(), start + 20_000) : end);
  }

  private static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000", "--dump-dom",
        page.toUri().toString()));
    Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] dom = chromium.getInputStream().readAllBytes();
    if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      fail("chromium did not finish within 120 s");
    }
    assertEquals(0, chromium.exitValue(), "chromium exit code");
    return new String(dom, StandardCharsets.UTF_8);
  }

  private static String chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    fail("Chromium is missing: run scripts/test-deps.sh (installs Debian's chromium package)");
    return null;
  }
}
