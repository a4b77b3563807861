package io.inferenceperf.simulator.metrics;

import io.inferenceperf.simulator.options.SimulatorOptions;

/**
 * Renders {@link ServerMetrics} as GET /metrics in the chosen server's names: vLLM (v0.26 family names, labels
 * engine and model_name, optionally the pre-v0.10 aliases), SGLang (sglang:*, label model_name) or TGI (tgi_*, no
 * labels, counters without the _total suffix, as TGI's Rust exporter writes them).
 */
public final class MetricsRenderer {
  private MetricsRenderer() {}

  public static String render(SimulatorOptions options, ServerMetrics m) {
    return switch (options.metricsFlavor()) {
      case VLLM -> vllm(options, m);
      case SGLANG -> sglang(options, m);
      case TGI -> tgi(m);
    };
  }

  private static String vllm(SimulatorOptions options, ServerMetrics m) {
    String labels = "engine=\"0\",model_name=" + PromText.quoteLabel(options.model());
    PromText p = new PromText();
    p.family("vllm:cache_config_info", "gauge", "Information of the LLMEngine CacheConfig.")
        .sample(
            "vllm:cache_config_info",
            "block_size=\"" + options.engine().prefixBlockTokens() + "\",enable_prefix_caching=\""
                + (options.engine().prefixCaching() ? "True" : "False") + "\",engine=\"0\",num_gpu_blocks=\""
                + options.engine().kvCacheTokens() / options.engine().prefixBlockTokens() + "\"",
            1);
    p.gauge("vllm:num_requests_running", "Number of requests in model execution batches.", labels, m.running());
    p.gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, m.waiting());
    p.family("vllm:num_requests_waiting_by_reason", "gauge", "Number of requests waiting, by reason.")
        .sample("vllm:num_requests_waiting_by_reason", labels + ",reason=\"capacity\"", m.waiting())
        .sample("vllm:num_requests_waiting_by_reason", labels + ",reason=\"deferred\"", 0);
    p.gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, m.kvCacheUsage());
    p.family("vllm:engine_sleep_state", "gauge", "Engine sleep state; 1 marks the current state.")
        .sample("vllm:engine_sleep_state", labels + ",sleep_state=\"awake\"", 1)
        .sample("vllm:engine_sleep_state", labels + ",sleep_state=\"weights_offloaded\"", 0)
        .sample("vllm:engine_sleep_state", labels + ",sleep_state=\"discard_all\"", 0);
    p.counter("vllm:num_preemptions_total", "Cumulative number of preemptions.", labels, m.preemptions());
    p.counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", labels, m.promptTokens.sum());
    p.counter(
        "vllm:generation_tokens_total", "Number of generation tokens processed.", labels, m.generationTokens.sum());
    long hits = m.prefixHits.sum();
    long queries = m.prefixQueries.sum();
    p.counter("vllm:prompt_tokens_cached_total", "Number of cached prompt tokens.", labels, hits);
    p.family("vllm:prompt_tokens_by_source_total", "counter", "Number of prompt tokens by source.")
        .sample("vllm:prompt_tokens_by_source_total", labels + ",source=\"local_compute\"", queries - hits)
        .sample("vllm:prompt_tokens_by_source_total", labels + ",source=\"local_cache_hit\"", hits)
        .sample("vllm:prompt_tokens_by_source_total", labels + ",source=\"external_kv_transfer\"", 0);
    p.counter("vllm:prefix_cache_queries_total", "Prefix cache queries, in tokens.", labels, queries);
    p.counter("vllm:prefix_cache_hits_total", "Prefix cache hits, in tokens.", labels, hits);
    p.counter("vllm:external_prefix_cache_queries_total", "External prefix cache queries, in tokens.", labels, 0);
    p.counter("vllm:external_prefix_cache_hits_total", "External prefix cache hits, in tokens.", labels, 0);
    p.counter("vllm:mm_cache_queries_total", "Multi-modal cache queries, in items.", labels, 0);
    p.counter("vllm:mm_cache_hits_total", "Multi-modal cache hits, in items.", labels, 0);
    p.family("vllm:request_success_total", "counter", "Count of successfully processed requests.")
        .sample("vllm:request_success_total", labels + ",finished_reason=\"stop\"", m.successStop.sum())
        .sample("vllm:request_success_total", labels + ",finished_reason=\"length\"", m.successLength.sum())
        .sample("vllm:request_success_total", labels + ",finished_reason=\"abort\"", m.successAbort.sum());
    vllmHistograms(p, labels, m);
    if (options.metricsLegacyNames()) {
      vllmLegacy(p, labels, m);
    }
    return p.toString();
  }

  private static void vllmHistograms(PromText p, String labels, ServerMetrics m) {
    p.histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels, m.ttft);
    p.histogram("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels, m.interToken);
    p.histogram(
        "vllm:request_time_per_output_token_seconds", "Histogram of time per output token in seconds.", labels,
        m.timePerOutputToken);
    p.histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels, m.e2e);
    p.histogram("vllm:request_queue_time_seconds", "Time spent in the WAITING phase.", labels, m.queue);
    p.histogram("vllm:request_inference_time_seconds", "Time spent in the RUNNING phase.", labels, m.inference);
    p.histogram("vllm:request_prefill_time_seconds", "Time spent in the PREFILL phase.", labels, m.prefill);
    p.histogram("vllm:request_decode_time_seconds", "Time spent in the DECODE phase.", labels, m.decode);
    p.histogram("vllm:request_prompt_tokens", "Number of prefill tokens processed.", labels, m.requestPromptTokens);
    p.histogram(
        "vllm:request_generation_tokens", "Number of generation tokens processed.", labels, m.requestGenerationTokens);
    p.histogram(
        "vllm:request_max_num_generation_tokens", "Maximum number of requested generation tokens.", labels,
        m.requestGenerationTokens);
    p.histogram("vllm:request_params_max_tokens", "The max_tokens request parameter.", labels, m.requestMaxTokens);
    p.histogram("vllm:request_params_n", "The n request parameter.", labels, m.requestN);
    p.histogram("vllm:iteration_tokens_total", "Number of tokens per engine step.", labels, m.iterationTokens);
    p.histogram(
        "vllm:request_prefill_kv_computed_tokens", "Prompt tokens computed (not cached) per request.", labels,
        m.requestPrefillComputedTokens);
  }

  private static void vllmLegacy(PromText p, String labels, ServerMetrics m) {
    p.gauge("vllm:gpu_cache_usage_perc", "GPU KV-cache usage (older name).", labels, m.kvCacheUsage());
    p.gauge("vllm:cpu_cache_usage_perc", "CPU KV-cache usage (older name).", labels, 0);
    p.gauge("vllm:num_requests_swapped", "Number of swapped requests (older name).", labels, 0);
    p.counter("vllm:gpu_prefix_cache_queries_total", "Prefix cache queries (older name).", labels, m.prefixQueries.sum());
    p.counter("vllm:gpu_prefix_cache_hits_total", "Prefix cache hits (older name).", labels, m.prefixHits.sum());
    p.histogram(
        "vllm:time_per_output_token_seconds", "Inter-token latency (older name).", labels, m.interToken);
  }

  private static String sglang(SimulatorOptions options, ServerMetrics m) {
    String labels = "model_name=" + PromText.quoteLabel(options.model());
    long queries = m.prefixQueries.sum();
    PromText p = new PromText();
    p.counter("sglang:prompt_tokens_total", "Number of prefill tokens processed.", labels, m.promptTokens.sum());
    p.counter("sglang:generation_tokens_total", "Number of generation tokens processed.", labels, m.generationTokens.sum());
    p.counter("sglang:cached_tokens_total", "Number of cached prompt tokens.", labels, m.prefixHits.sum());
    p.counter("sglang:num_requests_total", "Number of requests processed.", labels, m.successTotal());
    p.gauge("sglang:num_running_reqs", "The number of running requests.", labels, m.running());
    p.gauge("sglang:num_queue_reqs", "The number of requests in the waiting queue.", labels, m.waiting());
    p.gauge("sglang:token_usage", "The token usage of the KV cache.", labels, m.kvCacheUsage());
    p.gauge(
        "sglang:cache_hit_rate", "The prefix cache hit rate.", labels,
        queries == 0 ? 0 : (double) m.prefixHits.sum() / queries);
    p.histogram("sglang:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels, m.ttft);
    p.histogram("sglang:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels, m.interToken);
    p.histogram(
        "sglang:time_per_output_token_seconds", "Histogram of time per output token in seconds.", labels,
        m.timePerOutputToken);
    p.histogram("sglang:e2e_request_latency_seconds", "Histogram of end-to-end request latency in seconds.", labels, m.e2e);
    p.histogram("sglang:queue_time_seconds", "Histogram of queueing time in seconds.", labels, m.queue);
    return p.toString();
  }

  private static String tgi(ServerMetrics m) {
    PromText p = new PromText();
    p.counter("tgi_request_count", "Requests received.", "", m.requestsReceived.sum());
    p.counter("tgi_request_success", "Requests answered successfully.", "", m.successStop.sum() + m.successLength.sum());
    p.counter("tgi_request_failure", "Requests that failed.", "", m.requestsFailed.sum());
    p.gauge("tgi_queue_size", "Requests waiting in the queue.", "", m.waiting());
    p.gauge("tgi_batch_current_size", "Requests in the current batch.", "", m.running());
    p.histogram("tgi_request_duration", "End-to-end request duration in seconds.", "", m.e2e);
    p.histogram("tgi_request_queue_duration", "Time spent in the queue in seconds.", "", m.queue);
    p.histogram("tgi_request_inference_duration", "Inference duration in seconds.", "", m.inference);
    p.histogram(
        "tgi_request_mean_time_per_token_duration", "Mean time per generated token in seconds.", "",
        m.timePerOutputToken);
    p.histogram("tgi_request_input_length", "Input length in tokens.", "", m.requestPromptTokens);
    p.histogram("tgi_request_generated_tokens", "Generated tokens per request.", "", m.requestGenerationTokens);
    p.histogram("tgi_request_max_new_tokens", "The max_new_tokens request parameter.", "", m.requestMaxTokens);
    return p.toString();
  }
}
