package io.inferenceperf.metrics;

/**
 * Every distribution a group of requests (a stage, or the run) keeps, with where it appears in the lifecycle report
 * and the unit it is stored in. Times are kept in nanoseconds, TPOT and NTPOT in picoseconds so that their
 * fractional nanoseconds survive the integer storage, counts as plain counts.
 */
public enum Metric {
  SCHEDULE_DELAY("load_summary.schedule_delay", Unit.NANOS),
  REQUEST_LATENCY("successes.latency.request_latency", Unit.NANOS),
  NTPOT("successes.latency.normalized_time_per_output_token", Unit.PICOS),
  TPOT("successes.latency.time_per_output_token", Unit.PICOS),
  TTFT("successes.latency.time_to_first_token", Unit.NANOS),
  ITL("successes.latency.inter_token_latency", Unit.NANOS),
  TTFC("successes.latency.time_to_first_content_token", Unit.NANOS),
  LATENCY_FROM_INTENDED("successes.latency.request_latency_from_intended", Unit.NANOS),
  REQUEST_BYTES("successes.request_size_bytes", Unit.COUNT),
  PROMPT_TOKENS("successes.prompt_tokens", Unit.COUNT),
  OUTPUT_LEN("successes.output_len", Unit.COUNT),
  OUTPUT_TOKENS("successes.output_tokens", Unit.COUNT),
  FAILURE_LATENCY("failures.request_latency", Unit.NANOS),
  FAILURE_PROMPT_TOKENS("failures.prompt_tokens", Unit.COUNT),
  /** With kernel timestamps: per request, the longest its response's bytes waited in the socket before a read. */
  READ_LATENESS("client_health.read_lateness", Unit.NANOS),
  /**
   * With kernel timestamps: per request, how far a token event's time may lie from its arrival (0 when each event kept
   * its own segment's stamp; more when the client read late and segments had queued up in one read or been merged).
   */
  ARRIVAL_UNCERTAINTY("client_health.arrival_uncertainty", Unit.NANOS),
  /** Images per success (0 for a request without), then per image its pixels, bytes and width / height. */
  IMAGE_COUNT("successes.image.count", Unit.COUNT),
  IMAGE_PIXELS("successes.image.pixels", Unit.COUNT),
  IMAGE_BYTES("successes.image.bytes", Unit.COUNT),
  IMAGE_ASPECT_RATIO("successes.image.aspect_ratio", Unit.MILLIONTHS),
  /** Videos per success, then per video its frames, pixels of a frame, bytes and aspect ratio. */
  VIDEO_COUNT("successes.video.count", Unit.COUNT),
  VIDEO_FRAMES("successes.video.frames", Unit.COUNT),
  VIDEO_PIXELS("successes.video.pixels", Unit.COUNT),
  VIDEO_BYTES("successes.video.bytes", Unit.COUNT),
  VIDEO_ASPECT_RATIO("successes.video.aspect_ratio", Unit.MILLIONTHS),
  /** Audio clips per success, then per clip its length and bytes. */
  AUDIO_COUNT("successes.audio.count", Unit.COUNT),
  AUDIO_SECONDS("successes.audio.seconds", Unit.NANOS),
  AUDIO_BYTES("successes.audio.bytes", Unit.COUNT);

  /** Above this arrival uncertainty a request counts in {@link Count#UNCERTAIN_ARRIVALS}: the accuracy target. */
  public static final long UNCERTAIN_ARRIVAL_NANOS = 1_000_000;

  /** A storage unit and how many of it make one report unit (seconds, or one). */
  public enum Unit {
    NANOS(1e9),
    PICOS(1e12),
    /** Ratios kept to six decimals. */
    MILLIONTHS(1e6),
    COUNT(1);

    public final double perReportUnit;

    Unit(double perReportUnit) {
      this.perReportUnit = perReportUnit;
    }
  }

  /** The dotted path of the distribution in a lifecycle report. */
  public final String reportPath;

  public final Unit unit;

  Metric(String reportPath, Unit unit) {
    this.reportPath = reportPath;
    this.unit = unit;
  }
}
