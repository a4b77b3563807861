package io.inferenceperf.config;

import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.inferenceperf.common.Suggestions;
import io.inferenceperf.config.CircuitBreakerConfig.Consecutive;
import io.inferenceperf.config.CircuitBreakerConfig.RateOverWindow;
import io.inferenceperf.config.CircuitBreakerConfig.Trigger;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@code circuit_breakers} definitions and checks what the schema cannot: every expression parses as
 * JMESPath, each trigger has the keys of its type, names are unique, and {@code load.circuit_breakers} names only
 * defined breakers.
 */
final class CircuitBreakerBinder {
  private static final JacksonRuntime JMESPATH = new JacksonRuntime();

  private final Findings findings;

  private CircuitBreakerBinder(Findings findings) {
    this.findings = findings;
  }

  /** The names in {@code load.circuit_breakers}, in order, without repeats. */
  static List<String> enabledNames(TreeView load) {
    Set<String> names = new LinkedHashSet<>();
    List<Node> items = load.list("circuit_breakers");
    if (items != null) {
      items.forEach(n -> {
        if (n instanceof ScalarNode s && s.value() instanceof String name) names.add(name);
      });
    }
    return List.copyOf(names);
  }

  /** Every definition of the top-level list (enabled or not), after the checks. */
  static List<CircuitBreakerConfig> bind(TreeView top, TreeView load, Findings findings) {
    CircuitBreakerBinder binder = new CircuitBreakerBinder(findings);
    List<CircuitBreakerConfig> breakers = binder.definitions(top);
    binder.checkEnabled(load, breakers);
    return breakers;
  }

  private List<CircuitBreakerConfig> definitions(TreeView top) {
    List<Node> items = top.list("circuit_breakers");
    if (items == null) return List.of();
    List<CircuitBreakerConfig> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof MapNode item)) continue; // rejected by validation
      TreeView breaker = new TreeView(item, top.pathOf("circuit_breakers") + "[" + i + "]");
      String name = breaker.string("name");
      if (name != null && name.isBlank()) {
        findings.problem(breaker.problem("name", "must not be empty"));
      } else if (name != null && !names.add(name)) {
        findings.problem(breaker.problem("name", "a second breaker named '" + name + "': names must be unique,"
            + " as load.circuit_breakers picks breakers by name"));
      }
      TreeView metrics = breaker.section("metrics");
      List<String> matches = metrics == null ? List.of() : expressions(metrics, "matches");
      if (metrics != null && metrics.list("matches") != null && metrics.list("matches").isEmpty()) {
        findings.problem(metrics.problem("matches", "needs at least one JMESPath expression, e.g."
            + " \"error.error_type == 'TimeoutError'\""));
      }
      List<String> rules = metrics == null ? List.of() : expressions(metrics, "rules");
      out.add(new CircuitBreakerConfig(name, matches, rules, triggers(breaker)));
    }
    return List.copyOf(out);
  }

  /** The expressions of a list key, each parsed once to report syntax errors now rather than mid-run. */
  private List<String> expressions(TreeView section, String key) {
    List<Node> items = section.list(key);
    if (items == null) return List.of();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof ScalarNode s) || !(s.value() instanceof String expression)) continue;
      String path = section.pathOf(key) + "[" + i + "]";
      if (expression.isBlank()) {
        findings.problem(ConfigProblem.at(path, s.origin(), "an empty JMESPath expression"));
        continue;
      }
      try {
        JMESPATH.compile(expression);
        out.add(expression);
      } catch (JmesPathException e) {
        findings.problem(ConfigProblem.at(path, s.origin(), "not a valid JMESPath expression (" + e.getMessage()
            + "); e.g. \"error.error_type == 'TimeoutError'\" or \"contains(error.error_type, 'HTTP Error 5')\""));
      }
    }
    return out;
  }

  private List<Trigger> triggers(TreeView breaker) {
    List<Node> items = breaker.list("triggers");
    if (items == null) return List.of();
    List<Trigger> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof MapNode item)) continue;
      Trigger trigger = trigger(new TreeView(item, breaker.pathOf("triggers") + "[" + i + "]"));
      if (trigger != null) out.add(trigger);
    }
    if (items.isEmpty()) {
      findings.note(breaker.problem("triggers", "no trigger: this breaker can never open"));
    }
    return List.copyOf(out);
  }

  private Trigger trigger(TreeView trigger) {
    String type = trigger.string("type");
    Double threshold = trigger.number("threshold");
    if (type == null || threshold == null) return null; // rejected by validation
    if (type.equals("consecutive")) {
      for (String ignored : List.of("window_sec", "min_samples")) {
        // a saved config.yaml spells out the defaults (window_sec: null, min_samples: 0): only other values matter
        boolean defaultValue = ignored.equals("min_samples") && Integer.valueOf(0).equals(trigger.integer(ignored));
        if (trigger.givenByUser(ignored) && !defaultValue) {
          findings.note(trigger.problem(ignored, "ignored by type consecutive (only rate_over_window uses it)"));
        }
      }
      if (threshold < 1 || threshold != Math.rint(threshold)) {
        findings.problem(trigger.problem("threshold", "type consecutive counts hits in a row: give a whole number"
            + " >= 1, got " + Shape.Range.num(threshold)));
        return null;
      }
      return new Consecutive((int) Math.min(threshold, Integer.MAX_VALUE));
    }
    Double window = trigger.number("window_sec");
    if (threshold > 1) {
      findings.problem(trigger.problem("threshold", "type rate_over_window takes a share of hits between 0 and 1,"
          + " got " + Shape.Range.num(threshold)));
      return null;
    }
    if (window == null) {
      if (trigger.valid("window_sec")) {
        findings.problem(trigger.problem("window_sec", "missing required key for type rate_over_window: the"
            + " window's length in seconds (> 0), e.g. 10"));
      }
      return null;
    }
    return new RateOverWindow(window, threshold, trigger.integerOrDefault("min_samples"));
  }

  private void checkEnabled(TreeView load, List<CircuitBreakerConfig> breakers) {
    List<String> defined = breakers.stream().map(CircuitBreakerConfig::name).filter(n -> n != null).toList();
    List<Node> items = load.list("circuit_breakers");
    Set<String> enabled = new LinkedHashSet<>();
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof ScalarNode s) || !(s.value() instanceof String name)) continue;
        enabled.add(name);
        if (!defined.contains(name)) {
          String allowed = defined.isEmpty() ? "none is defined: add it to the top-level circuit_breakers list"
              : "defined: " + String.join(", ", defined) + Suggestions.didYouMean(name, defined);
          findings.problem(ConfigProblem.at(load.pathOf("circuit_breakers") + "[" + i + "]", s.origin(),
              "no circuit breaker named '" + name + "' (" + allowed + ")"));
        }
      }
    }
    for (String name : defined) {
      if (!enabled.contains(name)) {
        findings.note(ConfigProblem.at("circuit_breakers", load.origin("circuit_breakers"), "the breaker '" + name
            + "' is defined but not enabled: list it in load.circuit_breakers to have it watch the run"));
      }
    }
  }
}
