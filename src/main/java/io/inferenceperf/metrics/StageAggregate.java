package io.inferenceperf.metrics;

import io.inferenceperf.record.MediaStats;
import io.inferenceperf.record.RequestRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the lifecycle report of one group of requests (a stage, or the whole run) needs, accumulated record by
 * record in bounded memory, and mergeable: {@code a.merge(b)} equals aggregating a's and b's records together, so the
 * run summary is the merge of its stages and aggregates from several load generators can be combined. When the
 * group is complete, {@link #summarize} turns it into an immutable {@link Summary}, which is all the reports render.
 *
 * <p>Distributions are kept per {@link Metric}, counters per {@link Count}: adding and merging are loops over them.
 *
 * <p>Not thread-safe: a single recorder thread feeds it.
 */
public final class StageAggregate implements AutoCloseable {

  /** Picoseconds per nanosecond: TPOT and NTPOT storage unit. */
  public static final double PICOS_PER_NANO = 1000.0;

  private final AggregationSettings settings;
  private final EnumMap<Metric, LongDistribution> distributions = new EnumMap<>(Metric.class);
  private final long[] counts = new long[Count.values().length];
  /** Every record, from its start (send, or due time when never sent) to its end: total_time. */
  private final Span records = new Span();
  /** The send times of the records that were sent: the send window. */
  private final Span sends = new Span();
  /** The successes, from send to end: the goodput denominator. */
  private final Span successes = new Span();
  private final FailureTally failures;
  private final GoodputTally goodput;
  // where the distributions' exact values wait for the report, or null to keep them on the heap
  private final SpillFile spillFile;

  public StageAggregate(AggregationSettings settings) {
    this.settings = settings;
    AggregationSettings.Spill where = settings.spill();
    spillFile = where.toDisk() ? new SpillFile(where.directory(), where.onWriteFailure()) : null;
    for (Metric metric : Metric.values()) {
      distributions.put(metric,
          new LongDistribution(settings.exactValuesCap(), spillFile, settings.spill().valuesInMemory()));
    }
    failures = new FailureTally(settings.maxErrorMessages());
    goodput = settings.goodputEnabled() ? new GoodputTally(settings.goodputConstraints(), settings.headerSlos()) : null;
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
   * Adds one record. A record that was never sent (no send time: it failed while connecting, waited for a connection
   * or was never sent at all) counts in the records and total_time from its due time, but not in the send window nor
   * in schedule_delay, which describe requests that left.
   */
  public void add(RequestRecord record) {
    increment(Count.RECORDS, 1);
    records.add(RequestMetrics.startNanos(record), RequestMetrics.endNanos(record));
    if ((record.timestampSources() & RequestRecord.KERNEL_SEND) != 0) increment(Count.KERNEL_SEND_STAMPS, 1);
    if ((record.timestampSources() & RequestRecord.KERNEL_ARRIVALS) != 0) increment(Count.KERNEL_ARRIVAL_STAMPS, 1);
    if (record.readLatenessNanos() >= 0) distribution(Metric.READ_LATENESS).record(record.readLatenessNanos());
    if (record.arrivalUncertaintyNanos() >= 0) {
      distribution(Metric.ARRIVAL_UNCERTAINTY).record(record.arrivalUncertaintyNanos());
      if (record.arrivalUncertaintyNanos() > Metric.UNCERTAIN_ARRIVAL_NANOS) increment(Count.UNCERTAIN_ARRIVALS, 1);
    }
    if (RequestMetrics.wasSent(record)) {
      increment(Count.SENT, 1);
      sends.add(record.sentNanos(), record.sentNanos());
      distribution(Metric.SCHEDULE_DELAY).record(record.scheduleDelayNanos());
    }
    if (record.success()) {
      addSuccess(record);
    } else {
      addFailure(record);
    }
  }

  private void addSuccess(RequestRecord record) {
    increment(Count.SUCCESSES, 1);
    successes.add(RequestMetrics.startNanos(record), RequestMetrics.endNanos(record));
    TokenTimeline timeline = TokenTimeline.of(record);
    RequestMetrics metrics = RequestMetrics.of(record, timeline, settings.useServerOutputTokens());
    distribution(Metric.REQUEST_LATENCY).record(metrics.latencyNanos());
    distribution(Metric.LATENCY_FROM_INTENDED).record(metrics.latencyFromIntendedNanos());
    distribution(Metric.NTPOT).record(Math.round(metrics.ntpotNanos() * PICOS_PER_NANO));
    if (metrics.hasTpot()) {
      distribution(Metric.TPOT).record(Math.round(metrics.tpotNanos() * PICOS_PER_NANO));
    }
    if (metrics.hasTtft()) {
      distribution(Metric.TTFT).record(metrics.ttftNanos());
      increment(Count.SUCCESSES_WITH_TOKEN_CHUNKS, 1);
    }
    if (metrics.ttfcNanos() >= 0) {
      distribution(Metric.TTFC).record(metrics.ttfcNanos());
    }
    TokenTimeline.recordGaps(record, distribution(Metric.ITL));
    distribution(Metric.REQUEST_BYTES).record(record.requestBytes());
    addSuccessTokens(record, metrics);
    addSuccessMedia(record.media());
    if (goodput != null) {
      goodput.add(metrics, Math.max(record.promptTokens(), 0));
    }
  }

  private void addSuccessTokens(RequestRecord record, RequestMetrics metrics) {
    if (record.promptTokens() >= 0) { // -1: nobody counted them (no server usage, no exact client count)
      distribution(Metric.PROMPT_TOKENS).record(record.promptTokens());
      increment(Count.PROMPT_TOKENS, record.promptTokens());
    }
    increment(Count.CACHED_PROMPT_TOKENS, Math.max(record.cachedPromptTokens(), 0));
    if (!record.promptTokensFromServer()) {
      increment(Count.PROMPT_CLIENT_FALLBACKS, 1);
    }
    if (record.clientOutputTokens() >= 0) {
      distribution(Metric.OUTPUT_LEN).record(record.clientOutputTokens());
    }
    int reported = Math.max(record.outputTokens(), 0);
    distribution(Metric.OUTPUT_TOKENS).record(reported);
    increment(Count.REPORTED_OUTPUT_TOKENS, reported);
    increment(Count.EFFECTIVE_OUTPUT_TOKENS, metrics.outputTokens());
    if (record.serverOutputTokens() < 0) {
      increment(Count.OUTPUT_CLIENT_FALLBACKS, 1);
    } else if (record.clientOutputTokens() >= 0 && record.clientOutputTokens() != record.serverOutputTokens()) {
      increment(Count.TOKEN_COUNT_MISMATCHES, 1);
    }
  }

  private void addSuccessMedia(MediaStats media) {
    distribution(Metric.IMAGE_COUNT).record(media.images().size());
    distribution(Metric.VIDEO_COUNT).record(media.videos().size());
    distribution(Metric.AUDIO_COUNT).record(media.audios().size());
    increment(Count.IMAGES, media.images().size());
    increment(Count.VIDEOS, media.videos().size());
    increment(Count.AUDIOS, media.audios().size());
    if (media == MediaStats.NONE) {
      return; // text only, nearly every request: no iterators over empty lists
    }
    for (MediaStats.Image image : media.images()) {
      distribution(Metric.IMAGE_PIXELS).record(image.pixels());
      distribution(Metric.IMAGE_BYTES).record(image.bytes());
      distribution(Metric.IMAGE_ASPECT_RATIO).record(Math.round(image.aspectRatio() * 1e6));
    }
    for (MediaStats.Video video : media.videos()) {
      distribution(Metric.VIDEO_FRAMES).record(video.frames());
      distribution(Metric.VIDEO_PIXELS).record(video.pixels());
      distribution(Metric.VIDEO_BYTES).record(video.bytes());
      distribution(Metric.VIDEO_ASPECT_RATIO).record(Math.round(video.aspectRatio() * 1e6));
    }
    for (MediaStats.Audio audio : media.audios()) {
      distribution(Metric.AUDIO_SECONDS).record(Math.round(audio.seconds() * 1e9));
      distribution(Metric.AUDIO_BYTES).record(audio.bytes());
    }
  }

  private void addFailure(RequestRecord record) {
    increment(Count.FAILURES, 1);
    distribution(Metric.FAILURE_LATENCY).record(RequestMetrics.endNanos(record) - RequestMetrics.startNanos(record));
    if (record.promptTokens() >= 0) { // -1: unknown, left out rather than counted as minus one token
      distribution(Metric.FAILURE_PROMPT_TOKENS).record(record.promptTokens());
      increment(Count.FAILURE_PROMPT_TOKENS, record.promptTokens());
    }
    increment(Count.FAILURE_CACHED_PROMPT_TOKENS, Math.max(record.cachedPromptTokens(), 0));
    failures.add(record.failure());
  }

  /** Adds everything {@code other} aggregated to this aggregate; {@code other} is unchanged. */
  public void merge(StageAggregate other) {
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    for (Metric metric : Metric.values()) distribution(metric).merge(other.distribution(metric));
    records.merge(other.records);
    sends.merge(other.sends);
    successes.merge(other.successes);
    failures.merge(other.failures);
    if (goodput != null && other.goodput != null) {
      goodput.merge(other.goodput);
    }
  }

  /**
   * The group's immutable summary: every distribution summarised with {@code percentiles} (in that order; more may
   * be added by the summary for its own readers), counts, windows, failures and goodput.
   */
  public Summary summarize(List<Double> percentiles) {
    List<Double> wanted = Summary.withStandardPercentiles(percentiles);
    Map<Metric, DistributionSummary> summaries = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      DistributionSummary summary = distribution(metric).summarize(wanted, metric.unit.perReportUnit);
      if (summary != null) summaries.put(metric, summary);
    }
    Map<Count, Long> countsByName = new EnumMap<>(Count.class);
    for (Count count : Count.values()) countsByName.put(count, counts[count.ordinal()]);
    GoodputTally.Result goodputResult = goodput == null ? null : goodput.result(successes.length() / 1e9);
    return new Summary(countsByName, records.length(), sends.length(), successes.length(), summaries,
        failures.labels(), goodputResult);
  }

  public AggregationSettings settings() {
    return settings;
  }

  /** The distribution of {@code metric}, in its storage unit. */
  public LongDistribution distribution(Metric metric) {
    return distributions.get(metric);
  }

  public long count(Count count) {
    return counts[count.ordinal()];
  }

  /** Records of the group. */
  public long count() {
    return count(Count.RECORDS);
  }

  public long successCount() {
    return count(Count.SUCCESSES);
  }

  public long failureCount() {
    return count(Count.FAILURES);
  }

  /** max(end) - min(start) over every record (inference-perf's total_time), 0 when empty. */
  public long benchmarkTimeNanos() {
    return records.length();
  }

  /** max(sent) - min(sent) over the records that were sent: the send window of the group, 0 when none. */
  public long sendDurationNanos() {
    return sends.length();
  }

  /** max(end) - min(sent) over the successes only (the goodput denominator), 0 when none. */
  public long successTimeNanos() {
    return successes.length();
  }

  public FailureTally failures() {
    return failures;
  }

  /** The goodput tally, or null when no goodput constraint is configured. */
  public GoodputTally goodput() {
    return goodput;
  }

  private void increment(Count count, long by) {
    counts[count.ordinal()] += by;
  }

  /** The smallest and largest of a set of instants. */
  private static final class Span {
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void add(long from, long to) {
      min = Math.min(min, from);
      max = Math.max(max, to);
    }

    void merge(Span other) {
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
    }

    /** max - min, 0 when empty. */
    long length() {
      return min == Long.MAX_VALUE ? 0 : max - min;
    }
  }
}
