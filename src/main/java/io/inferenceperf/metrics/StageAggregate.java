package io.inferenceperf.metrics;

import io.inferenceperf.record.RequestRecord;

/**
 * Everything the lifecycle report of one group of requests (a stage, or the whole run) needs, accumulated record by
 * record in bounded memory, and mergeable: {@code a.merge(b)} equals aggregating a's and b's records together, so the
 * run summary is the merge of its stages and aggregates from several load generators can be combined.
 *
 * <p>Units: times in nanoseconds, except TPOT and NTPOT which are kept in picoseconds so that their fractional
 * nanoseconds survive the integer storage. Token and byte counts are plain counts.
 *
 * <p>Not thread-safe: a single recorder thread feeds it.
 */
public final class StageAggregate implements AutoCloseable {

  /** Picoseconds per nanosecond: TPOT and NTPOT storage unit. */
  public static final double PICOS_PER_NANO = 1000.0;

  private final AggregationSettings settings;

  // every record of the group, successes and failures alike
  private long count;
  private long sentCount;
  private long minStartNanos = Long.MAX_VALUE;
  private long minSentNanos = Long.MAX_VALUE;
  private long maxSentNanos = Long.MIN_VALUE;
  private long maxEndNanos = Long.MIN_VALUE;
  private final LongDistribution scheduleDelayNanos;

  // successes
  private long successCount;
  private long successMinSentNanos = Long.MAX_VALUE;
  private long successMaxEndNanos = Long.MIN_VALUE;
  private final LongDistribution latencyNanos;
  private final LongDistribution latencyFromIntendedNanos;
  private final LongDistribution ntpotPicos;
  private final LongDistribution tpotPicos;
  private final LongDistribution ttftNanos;
  private final LongDistribution ttfcNanos;
  private final LongDistribution itlNanos;
  private final LongDistribution requestBytes;
  private final LongDistribution promptTokens;
  private final LongDistribution clientOutputTokens;
  private final LongDistribution reportedOutputTokens;
  private long promptTokensTotal;
  private long cachedPromptTokensTotal;
  private long effectiveOutputTokensTotal;
  private long reportedOutputTokensTotal;
  private long tokenCountMismatches;
  private long promptClientFallbacks;
  private long outputClientFallbacks;
  private long successesWithTokenChunks;

  // failures
  private long failureCount;
  private final LongDistribution failureLatencyNanos;
  private final LongDistribution failurePromptTokens;
  private long failurePromptTokensTotal;
  private long failureCachedPromptTokensTotal;
  private final FailureTally failures;

  private final GoodputTally goodput;

  // where the distributions' exact values wait for the report, or null to keep them on the heap
  private final SpillFile spillFile;

  public StageAggregate(AggregationSettings settings) {
    this.settings = settings;
    AggregationSettings.Spill where = settings.spill();
    spillFile = where.toDisk() ? new SpillFile(where.directory()) : null;
    scheduleDelayNanos = newDistribution();
    latencyNanos = newDistribution();
    latencyFromIntendedNanos = newDistribution();
    ntpotPicos = newDistribution();
    tpotPicos = newDistribution();
    ttftNanos = newDistribution();
    ttfcNanos = newDistribution();
    itlNanos = newDistribution();
    requestBytes = newDistribution();
    promptTokens = newDistribution();
    clientOutputTokens = newDistribution();
    reportedOutputTokens = newDistribution();
    failureLatencyNanos = newDistribution();
    failurePromptTokens = newDistribution();
    failures = new FailureTally(settings.maxErrorMessages());
    goodput = settings.goodputEnabled() ? new GoodputTally(settings.goodputConstraints()) : null;
  }

  private LongDistribution newDistribution() {
    return new LongDistribution(settings.exactValuesCap(), spillFile, settings.spill().valuesInMemory());
  }

  /**
   * Frees the scratch file of exact values (if any). Counts and histograms stay usable; percentiles not computed
   * before it come from the histograms. Nothing is lost if it is never called: the file was unlinked when created
   * and goes when the process ends or its channel is collected.
   */
  @Override
  public void close() {
    if (spillFile != null) {
      spillFile.close();
    }
  }

  /**
   * Adds one record. A record that was never sent (no send time: it failed while connecting or waiting for a
   * connection) counts in {@code count} and total_time from its due time, but not in the send window nor in
   * schedule_delay, which describe requests that left.
   */
  public void add(RequestRecord record) {
    count++;
    minStartNanos = Math.min(minStartNanos, RequestMetrics.startNanos(record));
    maxEndNanos = Math.max(maxEndNanos, RequestMetrics.endNanos(record));
    if (RequestMetrics.wasSent(record)) {
      sentCount++;
      minSentNanos = Math.min(minSentNanos, record.sentNanos());
      maxSentNanos = Math.max(maxSentNanos, record.sentNanos());
      scheduleDelayNanos.record(record.scheduleDelayNanos());
    }
    if (record.success()) {
      addSuccess(record);
    } else {
      addFailure(record);
    }
  }

  private void addSuccess(RequestRecord record) {
    successCount++;
    successMinSentNanos = Math.min(successMinSentNanos, RequestMetrics.startNanos(record));
    successMaxEndNanos = Math.max(successMaxEndNanos, RequestMetrics.endNanos(record));
    TokenTimeline timeline = TokenTimeline.of(record);
    RequestMetrics metrics = RequestMetrics.of(record, timeline, settings.useServerOutputTokens());
    latencyNanos.record(metrics.latencyNanos());
    latencyFromIntendedNanos.record(metrics.latencyFromIntendedNanos());
    ntpotPicos.record(Math.round(metrics.ntpotNanos() * PICOS_PER_NANO));
    if (metrics.hasTpot()) {
      tpotPicos.record(Math.round(metrics.tpotNanos() * PICOS_PER_NANO));
    }
    if (metrics.hasTtft()) {
      ttftNanos.record(metrics.ttftNanos());
      successesWithTokenChunks++;
    }
    if (metrics.ttfcNanos() >= 0) {
      ttfcNanos.record(metrics.ttfcNanos());
    }
    TokenTimeline.recordGaps(record, itlNanos);
    requestBytes.record(record.requestBytes());
    addSuccessTokens(record, metrics);
    if (goodput != null) {
      goodput.add(metrics, Math.max(record.promptTokens(), 0));
    }
  }

  private void addSuccessTokens(RequestRecord record, RequestMetrics metrics) {
    if (record.promptTokens() >= 0) { // -1: nobody counted them (no server usage, no exact client count)
      promptTokens.record(record.promptTokens());
      promptTokensTotal += record.promptTokens();
    }
    cachedPromptTokensTotal += Math.max(record.cachedPromptTokens(), 0);
    if (!record.promptTokensFromServer()) {
      promptClientFallbacks++;
    }
    if (record.clientOutputTokens() >= 0) {
      clientOutputTokens.record(record.clientOutputTokens());
    }
    int reported = Math.max(record.outputTokens(), 0);
    reportedOutputTokens.record(reported);
    reportedOutputTokensTotal += reported;
    effectiveOutputTokensTotal += metrics.outputTokens();
    if (record.serverOutputTokens() < 0) {
      outputClientFallbacks++;
    } else if (record.clientOutputTokens() >= 0 && record.clientOutputTokens() != record.serverOutputTokens()) {
      tokenCountMismatches++;
    }
  }

  private void addFailure(RequestRecord record) {
    failureCount++;
    failureLatencyNanos.record(RequestMetrics.endNanos(record) - RequestMetrics.startNanos(record));
    if (record.promptTokens() >= 0) { // -1: unknown, left out rather than counted as minus one token
      failurePromptTokens.record(record.promptTokens());
      failurePromptTokensTotal += record.promptTokens();
    }
    failureCachedPromptTokensTotal += Math.max(record.cachedPromptTokens(), 0);
    failures.add(record.failure());
  }

  /** Adds everything {@code other} aggregated to this aggregate; {@code other} is unchanged. */
  public void merge(StageAggregate other) {
    count += other.count;
    sentCount += other.sentCount;
    minStartNanos = Math.min(minStartNanos, other.minStartNanos);
    minSentNanos = Math.min(minSentNanos, other.minSentNanos);
    maxSentNanos = Math.max(maxSentNanos, other.maxSentNanos);
    maxEndNanos = Math.max(maxEndNanos, other.maxEndNanos);
    scheduleDelayNanos.merge(other.scheduleDelayNanos);
    successCount += other.successCount;
    successMinSentNanos = Math.min(successMinSentNanos, other.successMinSentNanos);
    successMaxEndNanos = Math.max(successMaxEndNanos, other.successMaxEndNanos);
    latencyNanos.merge(other.latencyNanos);
    latencyFromIntendedNanos.merge(other.latencyFromIntendedNanos);
    ntpotPicos.merge(other.ntpotPicos);
    tpotPicos.merge(other.tpotPicos);
    ttftNanos.merge(other.ttftNanos);
    ttfcNanos.merge(other.ttfcNanos);
    itlNanos.merge(other.itlNanos);
    requestBytes.merge(other.requestBytes);
    promptTokens.merge(other.promptTokens);
    clientOutputTokens.merge(other.clientOutputTokens);
    reportedOutputTokens.merge(other.reportedOutputTokens);
    promptTokensTotal += other.promptTokensTotal;
    cachedPromptTokensTotal += other.cachedPromptTokensTotal;
    effectiveOutputTokensTotal += other.effectiveOutputTokensTotal;
    reportedOutputTokensTotal += other.reportedOutputTokensTotal;
    tokenCountMismatches += other.tokenCountMismatches;
    promptClientFallbacks += other.promptClientFallbacks;
    outputClientFallbacks += other.outputClientFallbacks;
    successesWithTokenChunks += other.successesWithTokenChunks;
    failureCount += other.failureCount;
    failureLatencyNanos.merge(other.failureLatencyNanos);
    failurePromptTokens.merge(other.failurePromptTokens);
    failurePromptTokensTotal += other.failurePromptTokensTotal;
    failureCachedPromptTokensTotal += other.failureCachedPromptTokensTotal;
    failures.merge(other.failures);
    if (goodput != null && other.goodput != null) {
      goodput.merge(other.goodput);
    }
  }

  public AggregationSettings settings() {
    return settings;
  }

  public long count() {
    return count;
  }

  /** Records that were actually sent (have a send time). */
  public long sentCount() {
    return sentCount;
  }

  /** max(end) - min(start) over every record (inference-perf's total_time), 0 when empty. */
  public long benchmarkTimeNanos() {
    return count == 0 ? 0 : maxEndNanos - minStartNanos;
  }

  /** max(sent) - min(sent) over the records that were sent: the send window of the group, 0 when none. */
  public long sendDurationNanos() {
    return sentCount == 0 ? 0 : maxSentNanos - minSentNanos;
  }

  /** sent / send window, as inference-perf's achieved_rate; 0.0 when the window is empty. */
  public double achievedRate() {
    double seconds = sendDurationNanos() / 1e9;
    return seconds > 0 ? sentCount / seconds : 0.0;
  }

  /** max(end) - min(sent) over the successes only (the goodput denominator), 0 when none. */
  public long successTimeNanos() {
    return successCount == 0 ? 0 : successMaxEndNanos - successMinSentNanos;
  }

  public LongDistribution scheduleDelayNanos() {
    return scheduleDelayNanos;
  }

  public long successCount() {
    return successCount;
  }

  public LongDistribution latencyNanos() {
    return latencyNanos;
  }

  public LongDistribution latencyFromIntendedNanos() {
    return latencyFromIntendedNanos;
  }

  public LongDistribution ntpotPicos() {
    return ntpotPicos;
  }

  public LongDistribution tpotPicos() {
    return tpotPicos;
  }

  public LongDistribution ttftNanos() {
    return ttftNanos;
  }

  public LongDistribution ttfcNanos() {
    return ttfcNanos;
  }

  public LongDistribution itlNanos() {
    return itlNanos;
  }

  public LongDistribution requestBytes() {
    return requestBytes;
  }

  /** Input tokens per success: the server's prompt_tokens when reported, else the client's count. */
  public LongDistribution promptTokens() {
    return promptTokens;
  }

  /** output_len: the client's output token count per success. */
  public LongDistribution clientOutputTokens() {
    return clientOutputTokens;
  }

  /** output_tokens: the server's completion_tokens per success, falling back to the client's count. */
  public LongDistribution reportedOutputTokens() {
    return reportedOutputTokens;
  }

  public long promptTokensTotal() {
    return promptTokensTotal;
  }

  public long cachedPromptTokensTotal() {
    return cachedPromptTokensTotal;
  }

  /** Sum of N_out over successes: what output throughput counts. */
  public long effectiveOutputTokensTotal() {
    return effectiveOutputTokensTotal;
  }

  public long reportedOutputTokensTotal() {
    return reportedOutputTokensTotal;
  }

  /** Successes where both the client and the server counted output tokens and the counts differ. */
  public long tokenCountMismatches() {
    return tokenCountMismatches;
  }

  /** Successes whose prompt token count is the client's (the server did not report one). */
  public long promptClientFallbacks() {
    return promptClientFallbacks;
  }

  /** Successes whose output token count is the client's (the server did not report one). */
  public long outputClientFallbacks() {
    return outputClientFallbacks;
  }

  /** Successes that received at least one token chunk (and so have a TTFT). */
  public long successesWithTokenChunks() {
    return successesWithTokenChunks;
  }

  public long failureCount() {
    return failureCount;
  }

  public LongDistribution failureLatencyNanos() {
    return failureLatencyNanos;
  }

  public LongDistribution failurePromptTokens() {
    return failurePromptTokens;
  }

  public long failurePromptTokensTotal() {
    return failurePromptTokensTotal;
  }

  public long failureCachedPromptTokensTotal() {
    return failureCachedPromptTokensTotal;
  }

  public FailureTally failures() {
    return failures;
  }

  /** The goodput tally, or null when no goodput constraint is configured. */
  public GoodputTally goodput() {
    return goodput;
  }
}
