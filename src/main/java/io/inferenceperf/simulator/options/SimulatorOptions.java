package io.inferenceperf.simulator.options;

import io.inferenceperf.common.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the simulator. Build it from a key/value map ({@link #fromMap}: the YAML {@code simulator:}
 * section), from command-line arguments ({@link #fromArgs}), from a profile ({@link #profile}) or for tests with
 * {@link #of}. Keys are snake_case (dashes are accepted too); see docs/simulator.md or {@code simulate --help}.
 *
 * @param profile the preset the values started from (zero, fixed, small, large)
 * @param host bind address
 * @param port TCP port, 0 for a free one
 * @param model base model name
 * @param loraAdapters LoRA adapter names accepted as model
 * @param maxModelLen context length
 * @param seed seed of output lengths and faults
 * @param threads event-loop threads (each runs its own engine replica)
 * @param maxRequestBytes largest request body accepted
 * @param tokensPerEvent tokens per SSE event
 * @param reasoningTokens chat: leading output tokens sent as reasoning_content
 * @param outputLenMean mean sampled output length when ignore_eos is false
 * @param outputLenStddev its standard deviation
 * @param engine latency model
 * @param faults fault injection
 * @param metricsFlavor /metrics names
 * @param metricsLegacyNames also serve older vLLM names
 * @param promptTokensDetails report usage.prompt_tokens_details
 * @param truthRecentRequests per-request truth records kept
 */
public record SimulatorOptions(
    String profile,
    String host,
    int port,
    String model,
    List<String> loraAdapters,
    int maxModelLen,
    long seed,
    int threads,
    int maxRequestBytes,
    int tokensPerEvent,
    int reasoningTokens,
    double outputLenMean,
    double outputLenStddev,
    EngineOptions engine,
    FaultOptions faults,
    MetricsFlavor metricsFlavor,
    boolean metricsLegacyNames,
    boolean promptTokensDetails,
    int truthRecentRequests,
    String tlsKeystore,
    String tlsKeystorePassword,
    String tlsClientCa) {

  public SimulatorOptions {
    loraAdapters = List.copyOf(loraAdapters);
  }

  /** The default options (profile {@code small}). */
  public static SimulatorOptions defaults() {
    return profile(Profiles.DEFAULT);
  }

  /** The defaults of a named profile; throws IllegalArgumentException for an unknown name. */
  public static SimulatorOptions profile(String name) {
    return fromMap(Map.of("profile", name)).orThrow();
  }

  /** The names of the profiles. */
  public static List<String> profileNames() {
    return Profiles.NAMES;
  }

  /** For code and tests: {@code of("profile", "fixed", "ttft_ms", 50)}; throws on problems. */
  public static SimulatorOptions of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("of() takes key/value pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return fromMap(map).orThrow();
  }

  /**
   * Reads options from a map (the YAML {@code simulator:} section). Starts from the named {@code profile} (default
   * small) and applies every other key on top. Reports all problems at once: unknown keys (with a suggestion), wrong
   * types, values out of range and contradictions.
   */
  public static OptionsResult fromMap(Map<String, ?> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> given = normalizeKeys(raw == null ? Map.of() : raw, problems);
    String profile = Profiles.DEFAULT;
    if (given.containsKey("profile")) {
      OptionSpec.Converted converted = OptionCatalog.find("profile").convert(given.get("profile"));
      if (converted.problem() != null) {
        problems.add(converted.problem());
      } else {
        profile = (String) converted.value();
      }
    }
    Map<String, Object> values = Profiles.values(profile);
    given.forEach(
        (key, value) -> {
          if (key.equals("profile")) {
            return;
          }
          OptionSpec.Converted converted = OptionCatalog.find(key).convert(value);
          if (converted.problem() != null) {
            problems.add(converted.problem());
          } else {
            values.put(key, converted.value());
          }
        });
    problems.addAll(crossCheck(values));
    return problems.isEmpty() ? new OptionsResult.Ok(build(values)) : new OptionsResult.Problems(problems);
  }

  /**
   * Reads options from command-line arguments: {@code --key value} or {@code --key=value}, with dashes or
   * underscores; a boolean option alone ({@code --prefix-caching}) means true.
   */
  public static OptionsResult fromArgs(List<String> args) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> map = ArgsReader.read(args, problems);
    OptionsResult fromValues = fromMap(map);
    if (problems.isEmpty()) {
      return fromValues;
    }
    if (fromValues instanceof OptionsResult.Problems more) {
      problems.addAll(more.problems());
    }
    return new OptionsResult.Problems(problems);
  }

  /** All values keyed like the options; {@code fromMap(o.toMap())} gives back {@code o}. */
  public Map<String, Object> toMap() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("profile", profile);
    v.put("host", host);
    v.put("port", port);
    v.put("model", model);
    v.put("lora_adapters", loraAdapters);
    v.put("max_model_len", maxModelLen);
    v.put("seed", seed);
    v.put("threads", threads);
    v.put("max_request_bytes", maxRequestBytes);
    v.put("tokens_per_event", tokensPerEvent);
    v.put("reasoning_tokens", reasoningTokens);
    v.put("output_len_mean", outputLenMean);
    v.put("output_len_stddev", outputLenStddev);
    v.put("engine", engine.mode().name().toLowerCase(Locale.ROOT));
    v.put("ttft_ms", engine.ttftMs());
    v.put("itl_ms", engine.itlMs());
    v.put("prefill_ms_per_token", engine.prefillMsPerToken());
    v.put("decode_step_ms", engine.decodeStepMs());
    v.put("decode_ms_per_seq", engine.decodeMsPerSeq());
    v.put("max_num_seqs", engine.maxNumSeqs());
    v.put("max_num_batched_tokens", engine.maxNumBatchedTokens());
    v.put("kv_cache_tokens", engine.kvCacheTokens());
    v.put("prefix_caching", engine.prefixCaching());
    v.put("prefix_block_tokens", engine.prefixBlockTokens());
    v.put("prefix_cache_tokens", engine.prefixCacheTokens());
    v.put("metrics_flavor", metricsFlavor.name().toLowerCase(Locale.ROOT));
    v.put("metrics_legacy_names", metricsLegacyNames);
    v.put("prompt_tokens_details", promptTokensDetails);
    v.put("truth_recent_requests", truthRecentRequests);
    v.put("tls_keystore", tlsKeystore);
    v.put("tls_keystore_password", tlsKeystorePassword);
    v.put("tls_client_ca", tlsClientCa);
    putFaults(v);
    return v;
  }

  /** A copy with another port. */
  public SimulatorOptions withPort(int newPort) {
    Map<String, Object> v = toMap();
    v.put("port", newPort);
    return fromMap(v).orThrow();
  }

  /** A copy with some options changed, e.g. {@code with(Map.of("itl_ms", 2))}. Throws on problems. */
  public SimulatorOptions with(Map<String, ?> changes) {
    Map<String, Object> v = toMap();
    v.putAll(changes);
    return fromMap(v).orThrow();
  }

  private void putFaults(Map<String, Object> v) {
    v.put("fault_429_fraction", faults.fraction429());
    v.put("fault_500_fraction", faults.fraction500());
    v.put("fault_503_fraction", faults.fraction503());
    v.put("fault_cut_fraction", faults.cutFraction());
    v.put("fault_stall_first_fraction", faults.stallFirstFraction());
    v.put("fault_stall_first_ms", faults.stallFirstMs());
    v.put("fault_stall_between_fraction", faults.stallBetweenFraction());
    v.put("fault_stall_between_ms", faults.stallBetweenMs());
    v.put("fault_slow_headers_fraction", faults.slowHeadersFraction());
    v.put("fault_slow_headers_ms", faults.slowHeadersMs());
    v.put("fault_malformed_fraction", faults.malformedFraction());
    v.put("fault_refuse_for_ms", faults.refuseForMs());
    v.put("fault_max_count", faults.maxCount());
    v.put("fault_after_count", faults.afterCount());
  }

  private static Map<String, Object> normalizeKeys(Map<String, ?> raw, List<String> problems) {
    Map<String, Object> given = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    raw.forEach(
        (rawKey, value) -> {
          String key = String.valueOf(rawKey).trim().toLowerCase(Locale.ROOT).replace('-', '_');
          if (OptionCatalog.find(key) == null) {
            problems.add(unknownKeyMessage(String.valueOf(rawKey)));
          } else if (spelling.containsKey(key)) {
            problems.add(key + ": given twice (as '" + spelling.get(key) + "' and '" + rawKey + "')");
          } else {
            spelling.put(key, String.valueOf(rawKey));
            given.put(key, value);
          }
        });
    return given;
  }

  static String unknownKeyMessage(String rawKey) {
    return unknownKeyMessage(rawKey, rawKey.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
  }

  static String unknownKeyMessage(String shownKey, String key) {
    return "unknown simulator option '" + shownKey + "'"
        + Suggestions.closest(key, OptionCatalog.ALL.stream().map(OptionSpec::key).toList())
            .map(suggestion -> "; did you mean '" + suggestion + "'?")
            .orElse(" (see simulate --help for the list)");
  }

  private static List<String> crossCheck(Map<String, Object> v) {
    List<String> problems = new ArrayList<>();
    double statusFaults =
        (double) v.get("fault_429_fraction") + (double) v.get("fault_500_fraction")
            + (double) v.get("fault_503_fraction");
    if (statusFaults > 1.0 + 1e-9) {
      problems.add(
          "fault_429_fraction + fault_500_fraction + fault_503_fraction is " + statusFaults
              + "; a request gets at most one status fault, so the sum must be <= 1");
    }
    if (((String) v.get("tls_keystore")).isEmpty() && !((String) v.get("tls_client_ca")).isEmpty()) {
      problems.add("tls_client_ca needs tls_keystore: client certificates are asked for over https only");
    }
    if (v.get("engine").equals("batching") && (long) v.get("kv_cache_tokens") < (int) v.get("max_model_len")) {
      problems.add(
          "kv_cache_tokens (" + v.get("kv_cache_tokens") + ") must be at least max_model_len (" + v.get("max_model_len")
              + ") so that any single request fits; raise kv_cache_tokens or lower max_model_len");
    }
    return problems;
  }

  private static SimulatorOptions build(Map<String, Object> v) {
    EngineOptions engine =
        new EngineOptions(
            EngineOptions.Mode.valueOf(((String) v.get("engine")).toUpperCase(Locale.ROOT)),
            (double) v.get("ttft_ms"),
            (double) v.get("itl_ms"),
            (double) v.get("prefill_ms_per_token"),
            (double) v.get("decode_step_ms"),
            (double) v.get("decode_ms_per_seq"),
            (int) v.get("max_num_seqs"),
            (int) v.get("max_num_batched_tokens"),
            (long) v.get("kv_cache_tokens"),
            (boolean) v.get("prefix_caching"),
            (int) v.get("prefix_block_tokens"),
            (long) v.get("prefix_cache_tokens"));
    FaultOptions faults =
        new FaultOptions(
            (double) v.get("fault_429_fraction"),
            (double) v.get("fault_500_fraction"),
            (double) v.get("fault_503_fraction"),
            (double) v.get("fault_cut_fraction"),
            (double) v.get("fault_stall_first_fraction"),
            (double) v.get("fault_stall_first_ms"),
            (double) v.get("fault_stall_between_fraction"),
            (double) v.get("fault_stall_between_ms"),
            (double) v.get("fault_slow_headers_fraction"),
            (double) v.get("fault_slow_headers_ms"),
            (double) v.get("fault_malformed_fraction"),
            (double) v.get("fault_refuse_for_ms"),
            (long) v.get("fault_max_count"),
            (long) v.get("fault_after_count"));
    @SuppressWarnings("unchecked")
    List<String> lora = (List<String>) v.get("lora_adapters");
    return new SimulatorOptions(
        (String) v.get("profile"),
        (String) v.get("host"),
        (int) v.get("port"),
        (String) v.get("model"),
        lora,
        (int) v.get("max_model_len"),
        (long) v.get("seed"),
        (int) v.get("threads"),
        (int) v.get("max_request_bytes"),
        (int) v.get("tokens_per_event"),
        (int) v.get("reasoning_tokens"),
        (double) v.get("output_len_mean"),
        (double) v.get("output_len_stddev"),
        engine,
        faults,
        MetricsFlavor.valueOf(((String) v.get("metrics_flavor")).toUpperCase(Locale.ROOT)),
        (boolean) v.get("metrics_legacy_names"),
        (boolean) v.get("prompt_tokens_details"),
        (int) v.get("truth_recent_requests"),
        (String) v.get("tls_keystore"),
        (String) v.get("tls_keystore_password"),
        (String) v.get("tls_client_ca"));
  }

  /** Whether the simulator serves https. */
  public boolean tls() {
    return !tlsKeystore.isEmpty();
  }
}
