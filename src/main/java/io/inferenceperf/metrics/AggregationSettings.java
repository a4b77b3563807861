package io.inferenceperf.metrics;

import io.inferenceperf.config.ReportConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the aggregation needs from {@code report.request_lifecycle} and {@code report.goodput}, plus our memory bound.
 *
 * @param percentiles the percentiles written in every distribution (report.request_lifecycle.percentiles)
 * @param useServerOutputTokens normalize by the server's completion_tokens when reported
 * @param maxErrorMessages distinct messages kept per failure label
 * @param goodputConstraints SLO constraints in seconds keyed by ttft, tpot, itl, ntpot, request_latency; empty = off
 * @param exactValuesCap raw values kept per distribution for exact percentiles; past it percentiles come from HDR
 * @param spill where those raw values wait for the report: on disk past a small block per distribution (the default),
 *     or all in memory
 * @param headerSlos per-request SLOs in seconds from the SLO headers (api.slo_ttft_header, api.slo_tpot_header),
 *     keyed ttft and tpot; they override the constraints for requests that streamed tokens; empty = none
 */
public record AggregationSettings(
    List<Double> percentiles,
    boolean useServerOutputTokens,
    int maxErrorMessages,
    Map<String, Double> goodputConstraints,
    int exactValuesCap,
    Spill spill,
    Map<String, Double> headerSlos) {

  /**
   * 4,194,304 values per distribution: on disk 32 MiB, and the most a report holds on the heap at once (one
   * distribution's values, sorted, then dropped).
   */
  public static final int DEFAULT_EXACT_VALUES_CAP = 1 << 22;

  /**
   * Where exact values wait for the report.
   *
   * @param directory the scratch file's directory, or null to keep every value on the heap
   * @param valuesInMemory values a distribution holds on the heap before writing a block to the scratch file
   * @param onWriteFailure told when a scratch file that was open cannot grow (a full disk); the values then stay in
   *     memory either way. Not told when one cannot be created (a read-only folder): that is only logged
   */
  public record Spill(Path directory, int valuesInMemory, Consumer<IOException> onWriteFailure) {

    private static final Consumer<IOException> LOG_ONLY = e -> { };

    /** 16,384 values (128 KiB) per distribution on the heap: about 2 MiB per stage, however long it runs. */
    public static final int DEFAULT_VALUES_IN_MEMORY = 1 << 14;

    /** Every value on the heap (bounded by the cap only). */
    public static final Spill IN_MEMORY = new Spill(null, 0);

    public Spill {
      if (directory != null && valuesInMemory <= 0) {
        throw new IllegalArgumentException("valuesInMemory must be > 0 when spilling, got " + valuesInMemory);
      }
      onWriteFailure = onWriteFailure == null ? LOG_ONLY : onWriteFailure;
    }

    /** A spill whose write failures are only logged. */
    public Spill(Path directory, int valuesInMemory) {
      this(directory, valuesInMemory, LOG_ONLY);
    }

    /** This spill, telling {@code listener} when a scratch file cannot grow. */
    public Spill onWriteFailure(Consumer<IOException> listener) {
      return new Spill(directory, valuesInMemory, listener);
    }

    /** A scratch file in {@code java.io.tmpdir}, {@link #DEFAULT_VALUES_IN_MEMORY} values per block. */
    public static Spill toTempDirectory() {
      return new Spill(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_VALUES_IN_MEMORY);
    }

    public boolean toDisk() {
      return directory != null;
    }
  }

  /** Settings without header SLOs. */
  public AggregationSettings(List<Double> percentiles, boolean useServerOutputTokens, int maxErrorMessages,
      Map<String, Double> goodputConstraints, int exactValuesCap, Spill spill) {
    this(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints, exactValuesCap, spill, Map.of());
  }

  /** Settings with the default spill ({@link Spill#toTempDirectory()}). */
  public AggregationSettings(List<Double> percentiles, boolean useServerOutputTokens, int maxErrorMessages,
      Map<String, Double> goodputConstraints, int exactValuesCap) {
    this(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints, exactValuesCap,
        Spill.toTempDirectory());
  }

  /**
   * @throws IllegalArgumentException naming the config key when a percentile is outside [0, 100] or a goodput
   *     constraint is not a positive number
   */
  public AggregationSettings {
    percentiles = List.copyOf(percentiles);
    for (double p : percentiles) {
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException(
            "report.request_lifecycle.percentiles: " + p + " is not a percentile; use values from 0 to 100");
      }
    }
    if (goodputConstraints != null) {
      goodputConstraints.forEach((key, limit) -> {
        if (limit == null || !(limit > 0)) {
          throw new IllegalArgumentException(
              "report.goodput.constraints." + key + ": " + limit + " must be a positive number of seconds");
        }
      });
    }
    goodputConstraints = goodputConstraints == null ? Map.of() : new LinkedHashMap<>(goodputConstraints);
    if (exactValuesCap < 0) {
      throw new IllegalArgumentException("exactValuesCap must be >= 0, got " + exactValuesCap);
    }
    spill = spill == null ? Spill.IN_MEMORY : spill;
    headerSlos = headerSlos == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headerSlos));
    headerSlos.forEach((key, limit) -> {
      if (!GoodputTally.HEADER_SLO_METRICS.contains(key) || !(limit > 0)) {
        throw new IllegalArgumentException("header SLO " + key + "=" + limit + ": only ttft and tpot, in positive seconds");
      }
    });
  }

  public static AggregationSettings defaults() {
    return from(ReportConfig.defaults());
  }

  public static AggregationSettings from(ReportConfig report) {
    return from(report, DEFAULT_EXACT_VALUES_CAP);
  }

  public static AggregationSettings from(ReportConfig report, int exactValuesCap) {
    ReportConfig.RequestLifecycle lifecycle =
        report.requestLifecycle() == null ? ReportConfig.RequestLifecycle.defaults() : report.requestLifecycle();
    List<Double> percentiles =
        lifecycle.percentiles() == null ? ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES : lifecycle.percentiles();
    Map<String, Double> constraints = report.goodput() == null ? null : report.goodput().constraints();
    return new AggregationSettings(
        percentiles, lifecycle.useServerOutputTokens(), lifecycle.maxErrorMessages(), constraints, exactValuesCap);
  }

  public AggregationSettings withExactValuesCap(int cap) {
    return new AggregationSettings(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints, cap,
        spill, headerSlos);
  }

  public AggregationSettings withSpill(Spill where) {
    return new AggregationSettings(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints,
        exactValuesCap, where, headerSlos);
  }

  /** These settings with per-request SLOs from headers (seconds, keyed ttft and tpot). */
  public AggregationSettings withHeaderSlos(Map<String, Double> slos) {
    return new AggregationSettings(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints,
        exactValuesCap, spill, slos);
  }

  public boolean goodputEnabled() {
    return !goodputConstraints.isEmpty() || !headerSlos.isEmpty();
  }
}
