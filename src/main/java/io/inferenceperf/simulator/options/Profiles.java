package io.inferenceperf.simulator.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named presets. Each profile is the base defaults plus a few overrides:
 *
 * <ul>
 *   <li>{@code zero}: no latency at all (throughput tests of the client).
 *   <li>{@code fixed}: exact TTFT and ITL from ttft_ms and itl_ms, no batching effects (accuracy tests).
 *   <li>{@code small}: continuous batching shaped like an 8B model on one GPU (the default).
 *   <li>{@code large}: continuous batching shaped like a 70B model with tensor parallelism: slower steps, less KV
 *       cache.
 * </ul>
 */
final class Profiles {
  static final String DEFAULT = "small";
  static final List<String> NAMES = List.of("zero", "fixed", "small", "large");

  private Profiles() {}

  /** The full default values of {@code profile} (one of {@link #NAMES}), keyed like {@link OptionCatalog}. */
  static Map<String, Object> values(String profile) {
    Map<String, Object> values = new LinkedHashMap<>(base());
    values.put("profile", profile);
    values.putAll(overrides(profile));
    return values;
  }

  static Map<String, Object> overrides(String profile) {
    return switch (profile) {
      case "zero" -> Map.of("engine", "fixed", "ttft_ms", 0.0, "itl_ms", 0.0);
      case "fixed" -> Map.of("engine", "fixed", "ttft_ms", 20.0, "itl_ms", 5.0);
      case "small" -> Map.of();
      case "large" ->
          Map.of(
              "model", "simulated-model-large",
              "prefill_ms_per_token", 0.1,
              "max_num_batched_tokens", 2048,
              "decode_step_ms", 15.0,
              "decode_ms_per_seq", 0.1,
              "kv_cache_tokens", 300_000L,
              "prefix_cache_tokens", 300_000L);
      default -> throw new IllegalArgumentException("unknown profile " + profile);
    };
  }

  /** Base values: the {@code small} profile and every non-latency default. */
  private static Map<String, Object> base() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("host", "127.0.0.1");
    v.put("tls_keystore", "");
    v.put("tls_keystore_password", "");
    v.put("tls_client_ca", "");
    v.put("port", 0);
    v.put("model", "simulated-model");
    v.put("lora_adapters", List.of());
    v.put("max_model_len", 32_768);
    v.put("seed", 42L);
    v.put("threads", 1);
    v.put("max_request_bytes", 64 * 1024 * 1024);
    v.put("tokens_per_event", 1);
    v.put("reasoning_tokens", 0);
    v.put("output_len_mean", 128.0);
    v.put("output_len_stddev", 64.0);
    v.put("engine", "batching");
    v.put("ttft_ms", 0.0);
    v.put("itl_ms", 0.0);
    v.put("prefill_ms_per_token", 0.03);
    v.put("decode_step_ms", 6.0);
    v.put("decode_ms_per_seq", 0.06);
    v.put("max_num_seqs", 256);
    v.put("max_num_batched_tokens", 8192);
    v.put("kv_cache_tokens", 400_000L);
    v.put("prefix_caching", true);
    v.put("prefix_block_tokens", 16);
    v.put("prefix_cache_tokens", 400_000L);
    v.put("metrics_flavor", "vllm");
    v.put("metrics_legacy_names", false);
    v.put("prompt_tokens_details", true);
    v.put("truth_recent_requests", 256);
    for (String fraction :
        List.of("429", "500", "503", "cut", "stall_first", "stall_between", "slow_headers", "malformed")) {
      v.put("fault_" + fraction + "_fraction", 0.0);
    }
    v.put("fault_stall_first_ms", 0.0);
    v.put("fault_stall_between_ms", 0.0);
    v.put("fault_slow_headers_ms", 0.0);
    v.put("fault_refuse_for_ms", 0.0);
    v.put("fault_max_count", 0L);
    v.put("fault_after_count", 0L);
    return v;
  }
}
