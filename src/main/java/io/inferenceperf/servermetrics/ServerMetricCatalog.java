package io.inferenceperf.servermetrics;

import static io.inferenceperf.servermetrics.MetricSpec.counter;
import static io.inferenceperf.servermetrics.MetricSpec.gauge;
import static io.inferenceperf.servermetrics.MetricSpec.histogram;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.util.List;

/**
 * Which metrics each model server exposes, under which names. The fields follow inference-perf's clients; the
 * alternative names cover renames across server versions and counters exposed with or without {@code _total}.
 * The order of alternatives is the order of preference (current name first).
 */
public final class ServerMetricCatalog {
  // Field keys shared by the report shape and the table.
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String REQUESTS = "requests";
  public static final String REQUEST_LATENCY = "request_latency";
  public static final String QUEUE_LENGTH = "queue_length";
  public static final String TIME_PER_OUTPUT_TOKEN = "time_per_output_token";
  public static final String TIME_TO_FIRST_TOKEN = "time_to_first_token";
  public static final String INTER_TOKEN_LATENCY = "inter_token_latency";
  public static final String NUM_REQUESTS_RUNNING = "num_requests_running";
  public static final String KV_CACHE_USAGE = "kv_cache_usage";

  private ServerMetricCatalog() {}

  /** The metrics to collect for a server type; the simulator speaks vLLM's metric dialect. */
  public static List<MetricSpec> forServer(ServerType type) {
    return switch (type) {
      case VLLM, SIMULATOR, MOCK -> VLLM;
      case SGLANG -> SGLANG;
      case TGI -> TGI;
    };
  }

  /** vLLM filters on its {@code model_name} label; TGI has no such label. */
  public static boolean filtersOnModelName(ServerType type) {
    return type != ServerType.TGI;
  }

  private static final List<MetricSpec> VLLM =
      List.of(
          counter(PROMPT_TOKENS, "vllm:prompt_tokens_total", "vllm:prompt_tokens"),
          counter(OUTPUT_TOKENS, "vllm:generation_tokens_total", "vllm:generation_tokens"),
          counter(REQUESTS, "vllm:request_success_total", "vllm:request_success"),
          histogram(REQUEST_LATENCY, "vllm:e2e_request_latency_seconds"),
          gauge(QUEUE_LENGTH, "vllm:num_requests_waiting"),
          // Before the per-request histogram existed, time_per_output_token_seconds was the only per-token one.
          histogram(
              TIME_PER_OUTPUT_TOKEN,
              "vllm:request_time_per_output_token_seconds",
              "vllm:time_per_output_token_seconds"),
          gauge(NUM_REQUESTS_RUNNING, "vllm:num_requests_running"),
          gauge("num_requests_swapped", "vllm:num_requests_swapped"),
          histogram(TIME_TO_FIRST_TOKEN, "vllm:time_to_first_token_seconds"),
          // Renamed: the old time_per_output_token_seconds measured the gap between tokens.
          histogram(
              INTER_TOKEN_LATENCY, "vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"),
          gauge(KV_CACHE_USAGE, "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"),
          counter("num_preemptions", "vllm:num_preemptions_total", "vllm:num_preemptions"),
          counter(
              "prefix_cache_hits",
              "vllm:prefix_cache_hits_total",
              "vllm:prefix_cache_hits",
              "vllm:gpu_prefix_cache_hits_total",
              "vllm:gpu_prefix_cache_hits"),
          counter(
              "prefix_cache_queries",
              "vllm:prefix_cache_queries_total",
              "vllm:prefix_cache_queries",
              "vllm:gpu_prefix_cache_queries_total",
              "vllm:gpu_prefix_cache_queries"),
          histogram("request_queue_time", "vllm:request_queue_time_seconds"),
          histogram("request_inference_time", "vllm:request_inference_time_seconds"),
          histogram("request_prefill_time", "vllm:request_prefill_time_seconds"),
          histogram("request_decode_time", "vllm:request_decode_time_seconds"),
          histogram("request_prompt_tokens", "vllm:request_prompt_tokens"),
          histogram("request_generation_tokens", "vllm:request_generation_tokens"),
          histogram("request_max_num_generation_tokens", "vllm:request_max_num_generation_tokens"),
          histogram("request_params_n", "vllm:request_params_n"),
          histogram("request_params_max_tokens", "vllm:request_params_max_tokens"),
          histogram("iteration_tokens", "vllm:iteration_tokens_total"),
          counter("prompt_tokens_cached", "vllm:prompt_tokens_cached_total", "vllm:prompt_tokens_cached"),
          counter(
              "prompt_tokens_recomputed", "vllm:prompt_tokens_recomputed_total", "vllm:prompt_tokens_recomputed"),
          counter(
              "external_prefix_cache_hits",
              "vllm:external_prefix_cache_hits_total",
              "vllm:external_prefix_cache_hits"),
          counter(
              "external_prefix_cache_queries",
              "vllm:external_prefix_cache_queries_total",
              "vllm:external_prefix_cache_queries"),
          counter("mm_cache_hits", "vllm:mm_cache_hits_total", "vllm:mm_cache_hits"),
          counter("mm_cache_queries", "vllm:mm_cache_queries_total", "vllm:mm_cache_queries"),
          counter("corrupted_requests", "vllm:corrupted_requests_total", "vllm:corrupted_requests"),
          histogram("request_prefill_kv_computed_tokens", "vllm:request_prefill_kv_computed_tokens"),
          histogram("kv_block_idle_before_evict", "vllm:kv_block_idle_before_evict_seconds"),
          histogram("kv_block_lifetime", "vllm:kv_block_lifetime_seconds"),
          histogram("kv_block_reuse_gap", "vllm:kv_block_reuse_gap_seconds"));

  private static final List<MetricSpec> SGLANG =
      List.of(
          counter(PROMPT_TOKENS, "sglang:prompt_tokens_total", "sglang:prompt_tokens"),
          counter(OUTPUT_TOKENS, "sglang:generation_tokens_total", "sglang:generation_tokens"),
          // A histogram's _count series is a counter of finished requests.
          counter(REQUESTS, "sglang:e2e_request_latency_seconds_count", "sglang:num_requests_total"),
          histogram(REQUEST_LATENCY, "sglang:e2e_request_latency_seconds"),
          gauge(QUEUE_LENGTH, "sglang:num_queue_reqs"),
          histogram(TIME_PER_OUTPUT_TOKEN, "sglang:time_per_output_token_seconds"),
          histogram(TIME_TO_FIRST_TOKEN, "sglang:time_to_first_token_seconds"),
          histogram(INTER_TOKEN_LATENCY, "sglang:inter_token_latency_seconds"),
          gauge(NUM_REQUESTS_RUNNING, "sglang:num_running_reqs"),
          gauge(KV_CACHE_USAGE, "sglang:token_usage"));

  private static final List<MetricSpec> TGI =
      List.of(
          // TGI only has per-request length histograms, no token counters.
          histogram(PROMPT_TOKENS, "tgi_request_input_length"),
          histogram(OUTPUT_TOKENS, "tgi_request_generated_tokens"),
          counter(REQUESTS, "tgi_request_success", "tgi_request_success_total"),
          histogram(REQUEST_LATENCY, "tgi_request_duration"),
          gauge(QUEUE_LENGTH, "tgi_queue_size"),
          histogram(TIME_PER_OUTPUT_TOKEN, "tgi_request_mean_time_per_token_duration"));
}
