package io.inferenceperf.simulator.options;

import static io.inferenceperf.simulator.options.OptionSpec.boolOption;
import static io.inferenceperf.simulator.options.OptionSpec.choiceOption;
import static io.inferenceperf.simulator.options.OptionSpec.doubleOption;
import static io.inferenceperf.simulator.options.OptionSpec.intOption;
import static io.inferenceperf.simulator.options.OptionSpec.listOption;
import static io.inferenceperf.simulator.options.OptionSpec.longOption;
import static io.inferenceperf.simulator.options.OptionSpec.stringOption;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every simulator option, in help order. The single source for parsing, validation, help and docs. */
public final class OptionCatalog {
  private static final long BIG = Long.MAX_VALUE;
  private static final double HOUR_MS = 3_600_000;

  public static final List<OptionSpec> ALL =
      List.of(
          choiceOption("profile", Profiles.NAMES, "named preset; other options override its values"),
          stringOption("host", "address to bind (0.0.0.0 to accept remote clients, e.g. in Kubernetes)"),
          intOption("port", 0, 65_535, "TCP port; 0 picks a free one"),
          stringOption("model", "base model name served and reported by /v1/models"),
          listOption("lora_adapters", "LoRA adapter names also accepted as 'model' and listed by /v1/models"),
          intOption("max_model_len", 1, 10_000_000, "context length: prompt + max_tokens above it is answered 400"),
          longOption("seed", Long.MIN_VALUE, BIG, "seed of output lengths and faults"),
          intOption("threads", 1, 256, "event-loop threads; with the batching engine each runs its own replica"),
          intOption("max_request_bytes", 1024, Integer.MAX_VALUE, "largest accepted request body"),
          intOption("tokens_per_event", 1, 1_000_000, "tokens carried by one SSE event (server-side stream batching)"),
          intOption("reasoning_tokens", 0, 10_000_000, "chat only: first N output tokens go to delta.reasoning_content"),
          doubleOption("output_len_mean", 1, 10_000_000, "mean output length when ignore_eos is false"),
          doubleOption("output_len_stddev", 0, 10_000_000, "standard deviation of that normal distribution"),
          choiceOption("engine", List.of("fixed", "batching"), "latency model: fixed delays or continuous batching"),
          doubleOption("ttft_ms", 0, HOUR_MS, "fixed engine: time from arrival to the first token"),
          doubleOption("itl_ms", 0, HOUR_MS, "fixed engine: time between tokens"),
          doubleOption("prefill_ms_per_token", 0, HOUR_MS, "batching: cost of each uncached prompt token in a step"),
          doubleOption("decode_step_ms", 0, HOUR_MS, "batching: fixed cost of one engine step"),
          doubleOption("decode_ms_per_seq", 0, HOUR_MS, "batching: added step cost per sequence in the batch"),
          intOption("max_num_seqs", 1, 1_000_000, "batching: most sequences running at once; others wait"),
          intOption("max_num_batched_tokens", 1, 100_000_000, "batching: token budget of one step (chunked prefill)"),
          longOption("kv_cache_tokens", 1, BIG, "batching: KV-cache capacity in tokens; requests wait beyond it"),
          boolOption("prefix_caching", "reuse shared prompt prefixes: cheaper prefill, reported as cached tokens"),
          intOption("prefix_block_tokens", 1, 1_000_000, "prefix-cache block size in tokens"),
          longOption("prefix_cache_tokens", 0, BIG, "prefix-cache capacity in tokens (LRU)"),
          choiceOption("metrics_flavor", List.of("vllm", "sglang", "tgi"), "metric names served on /metrics"),
          boolOption("metrics_legacy_names", "vllm flavor: also serve pre-v0.10 names (gpu_cache_usage_perc, ...)"),
          boolOption("prompt_tokens_details", "report usage.prompt_tokens_details.cached_tokens"),
          intOption("truth_recent_requests", 0, 100_000, "per-request ground-truth records kept (newest)"),
          stringOption("tls_keystore", "PKCS#12 key store with the server's certificate and key: serve https"
              + " (empty: plain http)"),
          stringOption("tls_keystore_password", "password of that key store"),
          stringOption("tls_client_ca", "PEM CA certificates: require a client certificate signed by one (mTLS)"),
          doubleOption("fault_429_fraction", 0, 1, "fraction of requests answered 429 Too Many Requests"),
          doubleOption("fault_500_fraction", 0, 1, "fraction of requests answered 500 Internal Server Error"),
          doubleOption("fault_503_fraction", 0, 1, "fraction of requests answered 503 Service Unavailable"),
          doubleOption("fault_cut_fraction", 0, 1, "fraction of responses cut mid-way (connection closed)"),
          doubleOption("fault_stall_first_fraction", 0, 1, "fraction of requests stalled before the first token"),
          doubleOption("fault_stall_first_ms", 0, HOUR_MS, "length of that stall"),
          doubleOption("fault_stall_between_fraction", 0, 1, "fraction of requests stalled once between tokens"),
          doubleOption("fault_stall_between_ms", 0, HOUR_MS, "length of that stall"),
          doubleOption("fault_slow_headers_fraction", 0, 1, "fraction of requests whose response headers are late"),
          doubleOption("fault_slow_headers_ms", 0, HOUR_MS, "header delay"),
          doubleOption("fault_malformed_fraction", 0, 1, "fraction of streams with one invalid-JSON SSE event"),
          doubleOption("fault_refuse_for_ms", 0, HOUR_MS, "refuse connections for this long after start"),
          longOption("fault_max_count", 0, BIG, "stop injecting per-request faults after this many (0 = no limit)"),
          longOption("fault_after_count", 0, BIG, "inject no per-request fault into the first this many requests"
              + " (a healthy start, then the faults: e.g. a 5xx burst in a later stage)"));

  private static final Map<String, OptionSpec> BY_KEY = index();

  private OptionCatalog() {}

  static OptionSpec find(String key) {
    return BY_KEY.get(key);
  }

  private static Map<String, OptionSpec> index() {
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    for (OptionSpec spec : ALL) {
      byKey.put(spec.key(), spec);
    }
    return byKey;
  }
}
