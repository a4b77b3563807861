package io.inferenceperf.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one did-you-mean rule, over config keys (load section) and simulator option names. */
class SuggestionsTest {

  private static final List<String> LOAD_KEYS = List.of("type", "interval", "stages", "num_workers",
      "worker_max_concurrency", "worker_max_tcp_connections", "request_timeout", "base_seed", "sweep", "trace",
      "lora_traffic_split", "circuit_breakers");

  private static final List<String> SIMULATOR_OPTIONS = List.of("profile", "host", "port", "model", "seed",
      "threads", "ttft_ms", "itl_ms", "max_num_seqs", "max_num_batched_tokens", "kv_cache_tokens", "prefix_caching",
      "fault_stall_first_fraction", "fault_stall_first_ms");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {
      "stage, stages", "typ, type", "intervall, interval", "numWorkers, num_workers", "num-workers, num_workers",
      "NUM_WORKERS, num_workers", "worker_max_concurency, worker_max_concurrency", "requset_timeout, request_timeout",
      "basee_seed, base_seed", "xyz, ''", "completely_unrelated, ''",
      // several words, all in one key: suggested although too far for a typo
      "worker_concurrency, worker_max_concurrency", "max-tcp-connections, worker_max_tcp_connections"},
      emptyValue = "")
  void closestConfigKey(String typed, String expected) {
    assertEquals(expected, Suggestions.closest(typed, LOAD_KEYS).orElse(""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {
      "ttft_msec, ttft_ms", "tft_ms, ttft_ms", "max_seqs, max_num_seqs", "max-num-seqs, max_num_seqs",
      "prefix_cacheing, prefix_caching", "treads, threads", "stall_first, fault_stall_first_fraction",
      "completely_unrelated_thing, ''", "gpu, ''"}, emptyValue = "")
  void closestSimulatorOption(String typed, String expected) {
    assertEquals(expected, Suggestions.closest(typed, SIMULATOR_OPTIONS).orElse(""));
  }

  @ParameterizedTest
  @CsvSource({"kitten, sitting, 3", "ab, ba, 1", "'', abc, 3", "same, same, 0", "rate, trace, 2"})
  void editDistance(String a, String b, int expected) {
    assertEquals(expected, Suggestions.distance(a, b));
  }

  @Test
  void didYouMeanIsEmptyWithoutASuggestion() {
    assertEquals(" (did you mean num_workers?)", Suggestions.didYouMean("num_worker", LOAD_KEYS));
    assertEquals("", Suggestions.didYouMean("xyz", LOAD_KEYS));
  }
}
