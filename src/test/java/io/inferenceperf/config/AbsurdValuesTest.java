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

  @Test
  void aPromptOrOutputLongerThanAnyContextWindowIsAProblemNamingTheKeyAndTheLimit() {
    LoadResult input = Loads.minimalPlus("--data", "{\"type\": \"random\", \"input_distribution\": {\"min\": 10,"
        + " \"max\": 20000000, \"mean\": 15000000, \"std_dev\": 10}, \"output_distribution\": {\"min\": 1,"
        + " \"max\": 10, \"mean\": 5, \"std_dev\": 1}}");
    ConfigProblem p = Loads.onlyProblem(input, "data.input_distribution.max", "20000000 tokens is over the limit of"
        + " 10000000 (the longest context window of any served model)");
    assertEquals(true, p.format().contains("lower it"), p.format());
    LoadResult output = Loads.minimalPlus("--data", "{\"type\": \"synthetic\", \"input_distribution\": {\"min\": 10,"
        + " \"max\": 20, \"mean\": 15, \"std_dev\": 1}, \"output_distribution\": {\"min\": 1,"
        + " \"max\": 100000000, \"mean\": 5, \"std_dev\": 1}}");
    Loads.onlyProblem(output, "data.output_distribution.max", "100000000 tokens is over the limit of 10000000");
    LoadResult prefix = Loads.minimalPlus("--data", "{\"type\": \"shared_prefix\", \"shared_prefix\":"
        + " {\"system_prompt_len\": 50000000}}");
    Loads.onlyProblem(prefix, "data.shared_prefix.system_prompt_len", "50000000 tokens is over the limit");
  }

  @Test
  void theLongestContextWindowItselfAndDatasetFiltersAreFine() {
    Loads.ok(Loads.minimalPlus("--data", "{\"type\": \"random\", \"input_distribution\": {\"min\": 10,"
        + " \"max\": 10000000, \"mean\": 15, \"std_dev\": 1}, \"output_distribution\": {\"min\": 1,"
        + " \"max\": 10, \"mean\": 5, \"std_dev\": 1}}"));
    Loads.ok(Loads.minimalPlus("--data", "{\"type\": \"shareGPT\", \"path\": \"x.json\", \"input_distribution\":"
        + " {\"min\": 1, \"max\": 1000000000}}")); // a filter on a dataset's rows, not a length to make
  }
}
