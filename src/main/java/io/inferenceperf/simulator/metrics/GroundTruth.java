package io.inferenceperf.simulator.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The server's own record of what it did, for tests to compare with what a client measured: latency histograms in
 * bounded memory (HdrHistogram, nanoseconds up to one hour) and the newest per-request records in a bounded ring.
 * Thread-safe: event loops record without locks (wait-free recorders); readers and reset synchronize.
 */
public final class GroundTruth {
  private static final long MAX_NANOS = 3_600_000_000_000L;

  private final Metric ttft = new Metric();
  private final Metric ttftContent = new Metric();
  private final Metric itl = new Metric();
  private final Metric tpot = new Metric();
  private final Metric queue = new Metric();
  private final Metric e2e = new Metric();
  private final List<Metric> all = List.of(ttft, ttftContent, itl, tpot, queue, e2e);
  private final LongAdder requests = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder cut = new LongAdder();
  private final LongAdder aborted = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder generationTokens = new LongAdder();
  private final LongAdder cachedTokens = new LongAdder();
  private final LongAdder imageParts = new LongAdder();
  private final LongAdder videoParts = new LongAdder();
  private final LongAdder audioParts = new LongAdder();
  private final LongAdder mediaBytes = new LongAdder();
  private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
  private final int recentCapacity;
  private final ArrayDeque<RequestTruth> recent = new ArrayDeque<>();

  /** @param recentCapacity per-request records kept (the newest) */
  public GroundTruth(int recentCapacity) {
    this.recentCapacity = recentCapacity;
  }

  /** Totals and percentiles since start or the last {@link #reset}. */
  public synchronized TruthSnapshot snapshot() {
    Map<String, Long> faultCounts = new LinkedHashMap<>();
    faults.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> faultCounts.put(e.getKey(), e.getValue().sum()));
    return new TruthSnapshot(
        requests.sum(),
        completed.sum(),
        errors.sum(),
        cut.sum(),
        aborted.sum(),
        promptTokens.sum(),
        generationTokens.sum(),
        cachedTokens.sum(),
        faultCounts,
        ttft.summary(),
        ttftContent.summary(),
        itl.summary(),
        tpot.summary(),
        queue.summary(),
        e2e.summary(),
        new MediaParts(imageParts.sum(), videoParts.sum(), audioParts.sum(), mediaBytes.sum()));
  }

  /** The newest per-request records (at most truth_recent_requests), oldest first. */
  public synchronized List<RequestTruth> recentRequests() {
    return new ArrayList<>(recent);
  }

  /** Forgets everything recorded so far. Requests in flight record into the fresh state. */
  public synchronized void reset() {
    all.forEach(Metric::reset);
    for (LongAdder adder :
        List.of(requests, completed, errors, cut, aborted, promptTokens, generationTokens, cachedTokens, imageParts,
            videoParts, audioParts, mediaBytes)) {
      adder.reset();
    }
    faults.clear();
    recent.clear();
  }

  // Recording, called by the server's event loops.

  public void requestReceived() {
    requests.increment();
  }

  /** Counts the media parts of a request that was parsed (accepted or not later). */
  public void mediaReceived(MediaParts media) {
    imageParts.add(media.images());
    videoParts.add(media.videos());
    audioParts.add(media.audios());
    mediaBytes.add(media.bytes());
  }

  public void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  public void admitted(long queueNanos, int prompt, int cached) {
    queue.record(queueNanos);
    promptTokens.add(prompt);
    cachedTokens.add(cached);
  }

  public void firstToken(long ttftNanos) {
    ttft.record(ttftNanos);
  }

  public void firstContent(long ttftNanos) {
    ttftContent.record(ttftNanos);
  }

  public void tokenGap(long gapNanos) {
    itl.record(gapNanos);
  }

  public void tokensGenerated(int count) {
    generationTokens.add(count);
  }

  /** Records the end of a request on a completion route. */
  public void finished(RequestTruth request) {
    switch (request.outcome()) {
      case "completed", "malformed" -> {
        completed.increment();
        e2e.record(request.e2eNanos());
        if (request.firstTokenNanos() >= 0 && request.completionTokens() > 1) {
          tpot.record((request.endNanos() - request.firstTokenNanos()) / (request.completionTokens() - 1));
        }
      }
      case "cut" -> cut.increment();
      case "aborted" -> aborted.increment();
      default -> errors.increment();
    }
    if (recentCapacity > 0) {
      remember(request);
    }
  }

  private synchronized void remember(RequestTruth request) {
    if (recent.size() == recentCapacity) {
      recent.removeFirst();
    }
    recent.addLast(request);
  }

  /** One latency: a wait-free recorder for writers, folded into a cumulative histogram when read. */
  private static final class Metric {
    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private Histogram interval;

    void record(long nanos) {
      recorder.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
    }

    LatencySummary summary() {
      drain();
      return LatencySummary.of(total);
    }

    void reset() {
      drain();
      total.reset();
    }

    private void drain() {
      interval = recorder.getIntervalHistogram(interval);
      total.add(interval);
    }
  }
}
