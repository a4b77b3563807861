package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.MetricsConfig.MetricsType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Rules that span keys: stage schema per load type, distributions, data types, metrics. */
class SectionRulesTest {

  private static LoadResult withStages(String loadType, String stagesJson) {
    return Loads.cli("--server.base_url", "http://127.0.0.1:1", "--load.type", loadType, "--load.stages", stagesJson);
  }

  /** expected: "ok" or "keyPath: message fragment" for each problem, joined by " & ". */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "constant   | [{rate: 1, duration: 1}]                            | ok",
      "poisson    | [{rate: 0.5, duration: 10}, {rate: 2, duration: 1}] | ok",
      "concurrent | [{num_requests: 5, concurrency_level: 2}]           | ok",
      "constant   | [{rate: 1}]                       | load.stages[0].duration: missing required key for load.type constant",
      "poisson    | [{duration: 1}]                   | load.stages[0].rate: missing required key for load.type poisson",
      "constant   | [{rate: 0, duration: 1}]          | load.stages[0].rate: must be > 0 (got 0)",
      "constant   | [{rate: 1, duration: 0}]          | load.stages[0].duration: must be > 0 (got 0)",
      "constant   | [{rate: 1, duration: 1, concurrency_level: 3}] | load.stages[0].concurrency_level: not allowed with"
          + " load.type constant",
      "poisson    | [{rate: 1, duration: 1, num_requests: 3}] | load.stages[0].num_requests: not allowed with load.type"
          + " poisson",
      "concurrent | [{num_requests: 5}]               | load.stages[0].concurrency_level: missing required key",
      "concurrent | [{concurrency_level: 5}]          | load.stages[0].num_requests: missing required key",
      "concurrent | [{num_requests: 0, concurrency_level: 1}] | load.stages[0].num_requests: must be >= 1 (got 0)",
      "concurrent | [{num_requests: 1, concurrency_level: 2.5}] | load.stages[0].concurrency_level: expected an integer",
      "concurrent | [{num_requests: 5, concurrency_level: 2, rate: 1, duration: 3}] | load.stages[0].rate: not allowed"
          + " with load.type concurrent & load.stages[0].duration: not allowed with load.type concurrent",
      "concurrent | [{rate: 1, duration: 1}] | load.stages[0].num_requests: missing & load.stages[0].concurrency_level:"
          + " missing & load.stages[0].rate: not allowed & load.stages[0].duration: not allowed",
      "constant   | [{rate: 1, duration: 1}, null]    | load.stages[1]: expected a mapping",
      "constant   | [{rate: 1, duration: 1}, {timeout: 3}] | load.stages[1].timeout: only for load.type trace_session_replay & "
          + "load.stages[1].rate: missing & load.stages[1].duration: missing",
      "poison     | [{num_requests: 5, concurrency_level: 2}] | load.type: did you mean poisson?",
  })
  void stageSchemaDependsOnLoadType(String type, String stages, String expected) {
    LoadResult r = withStages(type.trim(), stages.trim());
    if (expected.trim().equals("ok")) {
      ok(r);
      return;
    }
    List<String> wanted = Arrays.stream(expected.split("&")).map(String::trim).toList();
    assertEquals(wanted.size(), r.problems().size(), r.formatProblems());
    for (String w : wanted) {
      int colon = w.indexOf(": ");
      Loads.problem(r, w.substring(0, colon), w.substring(colon + 2));
    }
  }

  private static LoadResult random(String... extra) {
    List<String> args = new ArrayList<>(Loads.MINIMAL);
    args.addAll(List.of("--data.type", "random"));
    args.addAll(Arrays.asList(extra));
    return Loads.load(null, args);
  }

  private static final String GOOD = "{\"min\": 10, \"max\": 100, \"mean\": 50, \"std_dev\": 10}";

  @Test
  void randomDataNeedsBothDistributions() {
    LoadResult r = random();
    assertEquals(2, r.problems().size(), r.formatProblems());
    Loads.problem(r, "data.input_distribution", "missing required key for data.type random");
    Loads.problem(r, "data.output_distribution", "missing required key for data.type random");
    ok(random("--data.input_distribution", GOOD, "--data.output_distribution", GOOD));
  }

  @Test
  void distributionDefaultsFillMissingFields() {
    Config c = ok(random("--data.input_distribution", "{\"mean\": 100}", "--data.output_distribution", "{}"));
    assertEquals(new Distribution(10, 1024, 100, 200, null, Distribution.Type.NORMAL, null, 0),
        c.data().inputDistribution());
    assertEquals(Distribution.defaults(), c.data().outputDistribution());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"min\": 50, \"max\": 10, \"mean\": 20}          | data.input_distribution.min: must be <= max (10), got 50",
      "{\"min\": 10, \"max\": 100, \"mean\": 500}        | data.input_distribution.mean: must be between min (10) and"
          + " max (100) for a normal distribution, got 500",
      "{\"std_dev\": -1}                                 | data.input_distribution.std_dev: must be >= 0 (got -1)",
      "{\"variance\": -4}                                | data.input_distribution.variance: must be >= 0 (got -4)",
      "{\"variance\": 100, \"std_dev\": 5}               | data.input_distribution.variance: give std_dev or"
          + " variance, not both (std_dev 5 but sqrt(variance) = 10)",
      "{\"total_count\": 0}                              | data.input_distribution.total_count: must be >= 1 (got 0)",
      "{\"min\": -1}                                     | data.input_distribution.min: must be >= 0 (got -1)",
      "{\"typ\": \"fixed\"}                              | data.input_distribution.typ: did you mean"
          + " data.input_distribution.type?",
  })
  void distributionRules(String json, String expected) {
    LoadResult r = random("--data.input_distribution", json.trim(), "--data.output_distribution", GOOD);
    int colon = expected.indexOf(": ");
    Loads.onlyProblem(r, expected.substring(0, colon).trim(), expected.substring(colon + 2).trim());
  }

  @ParameterizedTest(name = "{0} -> std_dev {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"variance\": 16}                 | 4",   // std_dev left at its default: variance decides
      "{\"variance\": 16, \"std_dev\": 0} | 4",   // inference-perf's idiom
      "{\"variance\": 16, \"std_dev\": 4} | 4",   // consistent: fine
      "{\"std_dev\": 3}                   | 3",
  })
  void varianceSetsStdDev(String json, double stdDev) {
    Config c = ok(random("--data.input_distribution", json.trim(), "--data.output_distribution", GOOD));
    assertEquals(stdDev, c.data().inputDistribution().stdDev(), 1e-12);
  }

  @Test
  void nonNormalDistributionsMayHaveTheMeanOutsideTheRange() {
    ok(random("--data.input_distribution", "{\"type\": \"lognormal\", \"min\": 1, \"max\": 10, \"mean\": 50}",
        "--data.output_distribution", GOOD));
  }

  @Test
  void chatTemplateIsAllowedWithRandom() {
    assertTrue(ok(random("--data.input_distribution", GOOD, "--data.output_distribution", GOOD,
        "--data.use_chat_template", "yes")).data().useChatTemplate());
  }

  @Test
  void unusedDataKeysGiveNotes() {
    LoadResult r = Loads.minimalPlus("--data.path", "/x.json", "--data.corpus_file_path", "/c.txt");
    ok(r);
    assertEquals(List.of("data.path", "data.corpus_file_path"), r.notes().stream().map(ConfigProblem::keyPath).toList());
  }

  @Test
  void mockDataRejectsDistributionsLikeInferencePerf() {
    Loads.onlyProblem(Loads.minimalPlus("--data.output_distribution", GOOD), "data.output_distribution",
        "not supported by data.type mock");
  }

  @Test
  void prometheusMetricsAreParsed() {
    Config c = ok(Loads.minimalPlus("--metrics.type", "prometheus", "--metrics.prometheus.url",
        "http://127.0.0.1:9090/", "--metrics.prometheus.filters", "[\"job=\\\"vllm\\\"\"]"));
    assertEquals(MetricsType.PROMETHEUS, c.metrics().type());
    assertEquals(new MetricsConfig.PrometheusConfig("http://127.0.0.1:9090", 15, List.of("job=\"vllm\""), false),
        c.metrics().prometheus());
    Config google = ok(Loads.minimalPlus("--metrics", "{type: prometheus, prometheus: {google_managed: true}}"));
    assertTrue(google.metrics().prometheus().googleManaged());
    assertNull(google.metrics().prometheus().url());
  }

  @Test
  void defaultMetricsTypeIgnoresAPrometheusBlockWithANote() {
    LoadResult r = Loads.minimalPlus("--metrics", "{type: default, prometheus: {url: 'http://127.0.0.1:9090'}}");
    assertEquals(MetricsConfig.none(), ok(r).metrics());
    assertEquals("metrics.prometheus", r.notes().get(0).keyPath());
  }

  @Test
  void goodputConstraintsAreParsedAndAbsentGoodputIsNull() {
    assertNull(ok(Loads.minimalPlus()).report().goodput());
    Config c = ok(Loads.minimalPlus("--report.goodput.constraints.tpot", "0.05", "--report.goodput.constraints.ttft",
        "1"));
    assertEquals(java.util.Map.of("tpot", 0.05, "ttft", 1.0), c.report().goodput().constraints());
  }

  @Test
  void tokenizerSectionIsParsed() {
    Config c = ok(Loads.minimalPlus("--tokenizer.pretrained_model_name_or_path", "/models/t",
        "--tokenizer.token", "hf_x"));
    assertEquals(new TokenizerConfig("/models/t", false, "hf_x"), c.tokenizer());
  }

  @Test
  void headersKeepTheirOrderAndSpelling() {
    Config c = ok(Loads.minimalPlus("--api.headers", "{\"X-B\": \"2\", \"x-a\": 1}"));
    assertEquals(List.of("X-B", "x-a"), List.copyOf(c.api().headers().keySet()));
    assertEquals("1", c.api().headers().get("x-a"));
  }
}
