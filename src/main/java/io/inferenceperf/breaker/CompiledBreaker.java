package io.inferenceperf.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.inferenceperf.config.CircuitBreakerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured breaker: its JMESPath matches and rules, compiled once, deciding for each request whether it
 * counts and whether it is a hit, and the {@link Breaker} those samples feed. Not thread-safe.
 */
public final class CompiledBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledBreaker.class);
  private static final JacksonRuntime JMESPATH = new JacksonRuntime();

  /** A sample's verdict: not counted, counted as a miss, or counted as a hit. */
  public enum Verdict { IGNORED, MISS, HIT }

  private final CircuitBreakerConfig config;
  private final List<Expression<JsonNode>> matches;
  private final List<Expression<JsonNode>> rules;
  private final Breaker breaker;
  private final Set<String> failedOnce = new HashSet<>();

  /** @throws JmesPathException when an expression does not parse (the config loader reports that first) */
  public CompiledBreaker(CircuitBreakerConfig config) {
    this.config = config;
    this.matches = compile(config.matches());
    this.rules = compile(config.rules());
    this.breaker = new Breaker(config.name(), () -> triggers(config));
  }

  public String name() {
    return config.name();
  }

  public Breaker breaker() {
    return breaker;
  }

  /** Whether {@code view} counts (any match is truthy) and, if so, whether it is a hit (no rules, or any rule). */
  public Verdict judge(JsonNode view) {
    if (!any(matches, view)) return Verdict.IGNORED;
    return rules.isEmpty() || any(rules, view) ? Verdict.HIT : Verdict.MISS;
  }

  private boolean any(List<Expression<JsonNode>> expressions, JsonNode view) {
    for (int i = 0; i < expressions.size(); i++) {
      try {
        if (RequestView.truthy(expressions.get(i).search(view))) return true;
      } catch (JmesPathException | IllegalArgumentException e) {
        // e.g. a function given the wrong type for this request's value: false here, said once per expression
        String expression = (expressions == matches ? config.matches() : config.rules()).get(i);
        if (failedOnce.add(expression)) {
          LOG.warn("circuit breaker '{}': the expression {} failed on request {} ({}); it counts as false where it"
              + " fails", config.name(), expression, view.path("seq").asLong(), e.getMessage());
        }
      }
    }
    return false;
  }

  private static List<Expression<JsonNode>> compile(List<String> expressions) {
    List<Expression<JsonNode>> out = new ArrayList<>();
    for (String expression : expressions) out.add(JMESPATH.compile(expression));
    return List.copyOf(out);
  }

  private static List<Trigger> triggers(CircuitBreakerConfig config) {
    List<Trigger> out = new ArrayList<>();
    for (CircuitBreakerConfig.Trigger trigger : config.triggers()) {
      out.add(switch (trigger) {
        case CircuitBreakerConfig.Consecutive c -> new Trigger.Consecutive(c.threshold());
        case CircuitBreakerConfig.RateOverWindow r ->
            new Trigger.RateOverWindow(r.windowSeconds(), r.threshold(), r.minSamples());
      });
    }
    return out;
  }
}
