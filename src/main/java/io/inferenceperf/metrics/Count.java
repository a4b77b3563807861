package io.inferenceperf.metrics;

/** Every counter a group of requests keeps; all are sums, so merging adds them. */
public enum Count {
  /** Every record, successes and failures alike. */
  RECORDS,
  /** Records that were sent (have a send time). */
  SENT,
  SUCCESSES,
  FAILURES,
  /** Input tokens over successes: the server's prompt_tokens when reported, else the client's count. */
  PROMPT_TOKENS,
  CACHED_PROMPT_TOKENS,
  /** Sum of N_out over successes: what output throughput counts. */
  EFFECTIVE_OUTPUT_TOKENS,
  /** The server's completion_tokens over successes, falling back to the client's count. */
  REPORTED_OUTPUT_TOKENS,
  /** Successes where both the client and the server counted output tokens and the counts differ. */
  TOKEN_COUNT_MISMATCHES,
  /** Successes whose prompt token count is the client's (the server did not report one). */
  PROMPT_CLIENT_FALLBACKS,
  /** Successes whose output token count is the client's (the server did not report one). */
  OUTPUT_CLIENT_FALLBACKS,
  /** Successes that received at least one token chunk (and so have a TTFT). */
  SUCCESSES_WITH_TOKEN_CHUNKS,
  FAILURE_PROMPT_TOKENS,
  FAILURE_CACHED_PROMPT_TOKENS,
  /** Media items over successes (images_per_sec, videos_per_sec, audios_per_sec). */
  IMAGES,
  VIDEOS,
  AUDIOS,
  /** Records whose send time is the kernel's transmit timestamp. */
  KERNEL_SEND_STAMPS,
  /** Records every read of whose response the kernel stamped on arrival. */
  KERNEL_ARRIVAL_STAMPS,
  /** Records some token event of which may lie more than {@link Metric#UNCERTAIN_ARRIVAL_NANOS} from its arrival. */
  UNCERTAIN_ARRIVALS
}
