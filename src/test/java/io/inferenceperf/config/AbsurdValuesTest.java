package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Values no benchmark means (a typo of an exponent, say) are configuration errors naming the key and the limit. */
class AbsurdValuesTest {

  @Test
  void aStagePlanningMoreThanAHundredMillionRequestsIsAProblem() {
    LoadResult r = Loads.minimalPlus("--load.stages", "[{\"rate\": 1e9, \"duration\": 60}]");
    ConfigProblem p = Loads.onlyProblem(r, "load.stages[0].rate", "plans 6.00e+10 requests in one stage");
    assertEquals(true, p.format().contains("over the limit of 100000000; lower rate or duration"), p.format());
  }

  @Test
  void aStageLongerThanThirtyDaysIsAProblem() {
    LoadResult r = Loads.minimalPlus("--load.stages", "[{\"rate\": 0.001, \"duration\": 1e9}]");
    Loads.onlyProblem(r, "load.stages[0].duration", "over the limit of 2592000 s (30 days)");
  }

  @Test
  void tooManyConcurrentRequestsIsAProblem() {
    LoadResult r = Loads.minimalPlus("--load.type", "concurrent",
        "--load.stages", "[{\"num_requests\": 1000000000, \"concurrency_level\": 8}]");
    Loads.onlyProblem(r, "load.stages[0].num_requests", "over the limit of 100000000 requests");
  }

  @Test
  void largeButPlausibleStagesAreFine() {
    Loads.ok(Loads.minimalPlus("--load.stages", "[{\"rate\": 10000, \"duration\": 3600}]"));
  }
}
