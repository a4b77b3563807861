package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.CircuitBreakerConfig.Consecutive;
import io.inferenceperf.config.CircuitBreakerConfig.RateOverWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** circuit_breakers and load.circuit_breakers as inference-perf writes them, and every mistake named by its key. */
class CircuitBreakerConfigTest {
  @TempDir Path dir;

  /** inference-perf's example (its config docs), with a second breaker on 5xx statuses. */
  private static final String EXAMPLE = """
      server: {base_url: "http://127.0.0.1:8000"}
      load:
        stages: [{rate: 1, duration: 2}]
        circuit_breakers: [request_timeout_breaker, server_errors]
      circuit_breakers:
        - name: request_timeout_breaker
          metrics:
            matches: ["error.error_type == 'TimeoutError'"]
          triggers:
            - {type: consecutive, threshold: 10}
            - {type: rate_over_window, window_sec: 2.5, threshold: 0.8, min_samples: 2}
        - name: server_errors
          metrics:
            matches: ["sent"]
            rules: ["http_status >= `500`"]
          triggers: [{type: rate_over_window, window_sec: 10, threshold: 0.5}]
      """;

  @Test
  void inferencePerfsSchemaLoads() {
    LoadResult r = Loads.yaml(dir, EXAMPLE);
    Config c = ok(r);
    assertEquals(List.of("request_timeout_breaker", "server_errors"), c.load().circuitBreakers());
    assertTrue(c.load().circuitBreakerStopsRun(), "default: an open breaker stops the run");
    CircuitBreakerConfig timeouts = c.circuitBreakers().get(0);
    assertEquals(List.of("error.error_type == 'TimeoutError'"), timeouts.matches());
    assertEquals(List.of(), timeouts.rules());
    assertEquals(List.of(new Consecutive(10), new RateOverWindow(2.5, 0.8, 2)), timeouts.triggers());
    CircuitBreakerConfig errors = c.circuitBreakers().get(1);
    assertEquals(List.of("http_status >= `500`"), errors.rules());
    assertEquals(List.of(new RateOverWindow(10, 0.5, 0)), errors.triggers(), "min_samples defaults to 0");
    assertTrue(r.notes().isEmpty(), r.notes().toString());
  }

  @Test
  void theCommandLineTakesJsonAndTheStopChoice() {
    Config c = ok(Loads.minimalPlus("--circuit_breakers",
        "[{\"name\": \"b\", \"metrics\": {\"matches\": [\"error\"]}, \"triggers\": [{\"type\": \"consecutive\","
            + " \"threshold\": 3}]}]", "--load.circuit_breakers", "[\"b\"]", "--load.circuit_breaker_stops", "stage"));
    assertEquals(List.of(new Consecutive(3)), c.circuitBreakers().getFirst().triggers());
    assertFalse(c.load().circuitBreakerStopsRun());
  }

  @Test
  void unknownKeysAreIgnoredWithAWarningAsInferencePerfDoes() {
    LoadResult r = Loads.yaml(dir, EXAMPLE.replace("threshold: 10}", "threshold: 10, comment: x}"));
    ok(r);
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("circuit_breakers[0].triggers[0].comment")
        && n.message().contains("ignored")), r.notes().toString());
  }

  @Test
  void aKeyOfTheOtherTriggerTypeIsNotedUnlessItHoldsTheDefaultAsASavedConfigDoes() {
    LoadResult saved = Loads.yaml(dir, EXAMPLE.replace("threshold: 10}", "threshold: 10, window_sec: null,"
        + " min_samples: 0}"));
    ok(saved);
    assertTrue(saved.notes().isEmpty(), saved.notes().toString());
    LoadResult mixed = Loads.yaml(dir, EXAMPLE.replace("threshold: 10}", "threshold: 10, window_sec: 5}"));
    ok(mixed);
    assertTrue(mixed.notes().stream().anyMatch(n -> n.keyPath().equals("circuit_breakers[0].triggers[0].window_sec")
        && n.message().contains("ignored by type consecutive")), mixed.notes().toString());
  }

  @Test
  void aMisspeltKeyIsIgnoredButTheWarningSuggestsTheKeyAndTheMissingOneIsAnError() {
    LoadResult r = Loads.yaml(dir, EXAMPLE.replace("    triggers: [{type: rate_over_window", "    trigger: [{type:"
        + " rate_over_window"));
    Loads.problem(r, "circuit_breakers[1].triggers", "missing required key");
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("circuit_breakers[1].trigger")
        && n.message().contains("did you mean triggers")), r.notes().toString());
  }

  @Test
  void aDefinedButUnusedBreakerIsNoted() {
    LoadResult r = Loads.yaml(dir, EXAMPLE.replace("[request_timeout_breaker, server_errors]", "[server_errors]"));
    ok(r);
    assertTrue(r.notes().stream().anyMatch(n -> n.message().contains("'request_timeout_breaker' is defined but not"
        + " enabled")), r.notes().toString());
  }

  @Test
  void aBadExpressionIsNamedByItsPath() {
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("[\"sent\"]", "[\"error.error_type ==\"]")),
        "circuit_breakers[1].metrics.matches[0]", "not a valid JMESPath expression");
  }

  @Test
  void anUnknownEnabledNameListsTheDefinedOnes() {
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("server_errors]", "server_error]")), "load.circuit_breakers[1]",
        "no circuit breaker named 'server_error' (defined: request_timeout_breaker, server_errors");
  }

  @Test
  void eachTriggerTypeChecksItsKeys() {
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("threshold: 10}", "threshold: 0.5}")),
        "circuit_breakers[0].triggers[0].threshold", "a whole number >= 1");
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("threshold: 0.5}", "threshold: 1.5}")),
        "circuit_breakers[1].triggers[0].threshold", "between 0 and 1");
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("window_sec: 10, ", "")),
        "circuit_breakers[1].triggers[0].window_sec", "missing required key for type rate_over_window");
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("type: consecutive", "type: consecutively")),
        "circuit_breakers[0].triggers[0].type", "consecutive");
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("matches: [\"sent\"]", "matches: []")),
        "circuit_breakers[1].metrics.matches", "at least one JMESPath expression");
  }

  @Test
  void namesAreUniqueAndTheStopChoiceIsAnEnum() {
    onlyProblem(Loads.yaml(dir, EXAMPLE.replace("name: server_errors", "name: request_timeout_breaker")
        .replace("[request_timeout_breaker, server_errors]", "[request_timeout_breaker]")),
        "circuit_breakers[1].name", "names must be unique");
    onlyProblem(Loads.yaml(dir, EXAMPLE, "--load.circuit_breaker_stops", "stages"), "load.circuit_breaker_stops",
        "run, stage");
  }
}
