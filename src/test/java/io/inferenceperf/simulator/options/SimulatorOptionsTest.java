package io.inferenceperf.simulator.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  private static List<String> problems(Map<String, ?> map) {
    return assertInstanceOf(OptionsResult.Problems.class, SimulatorOptions.fromMap(map)).problems();
  }

  private static SimulatorOptions ok(Map<String, ?> map) {
    return assertInstanceOf(OptionsResult.Ok.class, SimulatorOptions.fromMap(map)).options();
  }

  @Test
  void defaultsAreTheSmallBatchingProfileOnLoopback() {
    SimulatorOptions options = SimulatorOptions.defaults();
    assertEquals("small", options.profile());
    assertEquals("127.0.0.1", options.host());
    assertEquals(0, options.port());
    assertEquals("simulated-model", options.model());
    assertEquals(EngineOptions.Mode.BATCHING, options.engine().mode());
    assertEquals(MetricsFlavor.VLLM, options.metricsFlavor());
    assertFalse(options.faults().any());
  }

  @Test
  void profilesSetTheirLatencyModel() {
    SimulatorOptions zero = SimulatorOptions.profile("zero");
    assertEquals(EngineOptions.Mode.FIXED, zero.engine().mode());
    assertEquals(0.0, zero.engine().ttftMs());
    assertEquals(0.0, zero.engine().itlMs());
    SimulatorOptions fixed = SimulatorOptions.profile("fixed");
    assertEquals(EngineOptions.Mode.FIXED, fixed.engine().mode());
    assertTrue(fixed.engine().ttftMs() > 0 && fixed.engine().itlMs() > 0);
    SimulatorOptions small = SimulatorOptions.profile("small");
    SimulatorOptions large = SimulatorOptions.profile("large");
    assertEquals(EngineOptions.Mode.BATCHING, large.engine().mode());
    assertTrue(large.engine().decodeStepMs() > small.engine().decodeStepMs(), "a 70B step is slower");
    assertTrue(large.engine().prefillMsPerToken() > small.engine().prefillMsPerToken());
    assertTrue(large.engine().kvCacheTokens() < small.engine().kvCacheTokens());
    assertEquals(List.of("zero", "fixed", "small", "large"), SimulatorOptions.profileNames());
  }

  @Test
  void userValuesOverrideTheProfileWhateverTheKeyOrder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("ttft_ms", 50);
    map.put("profile", "fixed");
    SimulatorOptions options = ok(map);
    assertEquals(50.0, options.engine().ttftMs());
    assertEquals(5.0, options.engine().itlMs(), "the rest comes from the fixed profile");
  }

  @Test
  void acceptsYamlTypesAndCommandLineStrings() {
    SimulatorOptions options =
        ok(
            Map.of(
                "max_num_seqs", "64",
                "itl_ms", 2,
                "prefix_caching", "false",
                "lora_adapters", List.of("a", "b"),
                "seed", 7L,
                "metrics_flavor", "SGLang"));
    assertEquals(64, options.engine().maxNumSeqs());
    assertEquals(2.0, options.engine().itlMs());
    assertFalse(options.engine().prefixCaching());
    assertEquals(List.of("a", "b"), options.loraAdapters());
    assertEquals(7L, options.seed());
    assertEquals(MetricsFlavor.SGLANG, options.metricsFlavor());
    assertEquals(List.of("x", "y"), ok(Map.of("lora_adapters", "x, y")).loraAdapters());
  }

  @Test
  void dashedKeysAreTheSameOptions() {
    assertEquals(12, ok(Map.of("max-num-seqs", 12)).engine().maxNumSeqs());
    List<String> problems = problems(Map.of("max-num-seqs", 12, "max_num_seqs", 13));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("given twice"), problems.get(0));
  }

  @Test
  void unknownKeysSuggestTheClosestName() {
    List<String> problems = problems(Map.of("ttft_msec", 5, "completely_unrelated_thing", 1));
    assertEquals(2, problems.size());
    assertTrue(problems.get(0).contains("did you mean 'ttft_ms'") || problems.get(1).contains("did you mean 'ttft_ms'"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("completely_unrelated_thing") && p.contains("--help")));
  }

  @Test
  void reportsEveryBadValueAtOnceNamingTheKey() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("max_num_seqs", 0);
    map.put("itl_ms", "fast");
    map.put("prefix_caching", "maybe");
    map.put("fault_429_fraction", 1.5);
    map.put("threads", 2.5);
    map.put("profile", "huge");
    map.put("metrics_flavor", "triton");
    map.put("lora_adapters", List.of("ok", 3));
    List<String> problems = problems(map);
    assertEquals(8, problems.size(), problems.toString());
    assertTrue(problems.contains("max_num_seqs: 0 is out of range, allowed [1, 1000000]"), problems.toString());
    assertTrue(problems.contains("itl_ms: expected a number, got 'fast'"), problems.toString());
    assertTrue(problems.contains("prefix_caching: expected true or false, got 'maybe'"), problems.toString());
    assertTrue(problems.contains("fault_429_fraction: 1.5 is out of range, allowed [0, 1]"), problems.toString());
    assertTrue(problems.contains("threads: expected a whole number, got 2.5 (double)"), problems.toString());
    assertTrue(problems.contains("profile: expected one of zero, fixed, small, large, got 'huge'"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("metrics_flavor: expected one of vllm, sglang, tgi")));
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("lora_adapters: every list item")));
  }

  @Test
  void crossChecksContradictions() {
    List<String> statusFaults = problems(Map.of("fault_429_fraction", 0.6, "fault_500_fraction", 0.6));
    assertTrue(statusFaults.get(0).contains("sum must be <= 1"), statusFaults.toString());
    List<String> kv = problems(Map.of("kv_cache_tokens", 1000, "max_model_len", 4096));
    assertTrue(kv.get(0).startsWith("kv_cache_tokens (1000) must be at least max_model_len (4096)"), kv.toString());
    ok(Map.of("profile", "fixed", "kv_cache_tokens", 1000, "max_model_len", 4096)); // unused by the fixed engine
  }

  @Test
  void nullMapGivesDefaults() {
    assertEquals(SimulatorOptions.defaults(), ok(null));
  }

  @Test
  void toMapRoundTripsForEveryProfileAndCoversEveryOption() {
    for (String profile : SimulatorOptions.profileNames()) {
      SimulatorOptions options = SimulatorOptions.profile(profile);
      Map<String, Object> map = options.toMap();
      assertEquals(options, ok(map));
      assertEquals(
          OptionCatalog.ALL.stream().map(OptionSpec::key).toList(),
          List.copyOf(map.keySet()).stream().sorted(java.util.Comparator.comparingInt(k -> indexOf(k))).toList());
      assertEquals(OptionCatalog.ALL.size(), map.size());
    }
  }

  private static int indexOf(String key) {
    return OptionCatalog.ALL.stream().map(OptionSpec::key).toList().indexOf(key);
  }

  @Test
  void everyOptionReachesTheOptions() {
    Map<String, Object> fixed = SimulatorOptions.profile("fixed").toMap();
    for (OptionSpec spec : OptionCatalog.ALL) {
      Object current = fixed.get(spec.key());
      Object other =
          switch (spec.kind()) {
            case INT, LONG -> spec.key().equals("port") ? 8123 : (long) spec.min() + 3;
            case DOUBLE -> spec.max() <= 1 ? 0.25 : 3.5;
            case BOOL -> !(Boolean) current;
            case STRING -> spec.key().equals("host") ? "0.0.0.0" : "changed";
            case CHOICE -> spec.choices().stream().filter(c -> !c.equals(current)).findFirst().orElseThrow();
            case STRING_LIST -> List.of("adapter-x");
          };
      Map<String, Object> map = new LinkedHashMap<>(fixed);
      map.put(spec.key(), other);
      if (spec.key().equals("tls_client_ca")) map.put("tls_keystore", "server.p12"); // mTLS needs https
      Object result = ok(map).toMap().get(spec.key());
      assertEquals(spec.convert(other).value(), result, spec.key());
      assertFalse(result.equals(current), "option " + spec.key() + " had no effect");
    }
  }

  @Test
  void readsCommandLineArguments() {
    OptionsResult result =
        SimulatorOptions.fromArgs(
            List.of("--profile", "fixed", "--ttft-ms=40", "--itl_ms", "3", "--prefix-caching", "--seed", "-9",
                "--lora-adapters", "a,b"));
    SimulatorOptions options = assertInstanceOf(OptionsResult.Ok.class, result).options();
    assertEquals(40.0, options.engine().ttftMs());
    assertEquals(3.0, options.engine().itlMs());
    assertTrue(options.engine().prefixCaching());
    assertEquals(-9L, options.seed());
    assertEquals(List.of("a", "b"), options.loraAdapters());
  }

  @Test
  void badCommandLineArgumentsAreProblemsNotExceptions() {
    List<String> problems =
        assertInstanceOf(
                OptionsResult.Problems.class,
                SimulatorOptions.fromArgs(List.of("stray", "--itl-ms", "--tft-ms", "4", "--port", "99999")))
            .problems();
    assertEquals(4, problems.size(), "every problem at once: " + problems);
    assertTrue(problems.get(0).startsWith("unexpected argument 'stray'"));
    assertEquals("port: 99999 is out of range, allowed [0, 65535]", problems.get(3));
    assertTrue(problems.get(1).startsWith("--itl-ms: a value is required"));
    assertTrue(problems.get(2).contains("'--tft-ms'") && problems.get(2).contains("did you mean 'ttft_ms'"), problems.get(2));
    List<String> range =
        assertInstanceOf(OptionsResult.Problems.class, SimulatorOptions.fromArgs(List.of("--port", "99999"))).problems();
    assertEquals(List.of("port: 99999 is out of range, allowed [0, 65535]"), range);
  }

  @Test
  void ofAndWithThrowForCodeMistakes() {
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.of("nope", 1));
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.of("itl_ms"));
    assertEquals(9.0, SimulatorOptions.profile("fixed").with(Map.of("itl_ms", 9)).engine().itlMs());
    assertEquals(1234, SimulatorOptions.defaults().withPort(1234).port());
  }
}
