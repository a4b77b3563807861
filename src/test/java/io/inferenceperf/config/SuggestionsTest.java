package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

  private static final List<String> LOAD_KEYS = ConfigSchema.ROOT.key("load").map(k -> ((Shape.Section) k.shape())
      .names()).orElseThrow();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {
      "stage, stages", "typ, type", "intervall, interval", "numWorkers, num_workers", "num-workers, num_workers",
      "NUM_WORKERS, num_workers", "worker_max_concurency, worker_max_concurrency", "requset_timeout, request_timeout",
      "basee_seed, base_seed", "xyz, ''", "completely_unrelated, ''"}, emptyValue = "")
  void closestKey(String typed, String expected) {
    assertEquals(expected, Suggestions.closest(typed, LOAD_KEYS).orElse(""));
  }

  @ParameterizedTest
  @CsvSource({"kitten, sitting, 3", "ab, ba, 1", "'', abc, 3", "same, same, 0", "rate, trace, 2"})
  void editDistance(String a, String b, int expected) {
    assertEquals(expected, Suggestions.distance(a, b));
  }
}
