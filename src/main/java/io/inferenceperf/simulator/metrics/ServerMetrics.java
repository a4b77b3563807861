package io.inferenceperf.simulator.metrics;

import io.inferenceperf.simulator.engine.Engine;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server-side statistics that /metrics exposes, in the units and bucket bounds vLLM uses (seconds, token
 * counts). Thread-safe: every replica's event loop records into the same instance. Gauges are read live from the
 * engines.
 */
public final class ServerMetrics {
  static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
    160.0, 640.0, 2560.0
  };
  static final double[] TOKEN_GAP_BUCKETS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0
  };
  static final double[] REQUEST_TIME_BUCKETS = {
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0,
    1920.0, 7680.0
  };
  static final double[] ITERATION_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
  static final double[] N_BUCKETS = {1, 2, 5, 10, 20};

  /** What one finished (or cut) request contributes. Times in nanoseconds, -1 when it did not happen. */
  public record RequestTiming(
      long arrivalNanos,
      long admittedNanos,
      long firstTokenNanos,
      long lastTokenNanos,
      int promptTokens,
      int generatedTokens,
      int maxTokensParam,
      String finishReason) {}

  final List<Engine> engines;
  final LongAdder promptTokens = new LongAdder();
  final LongAdder generationTokens = new LongAdder();
  final LongAdder prefixQueries = new LongAdder();
  final LongAdder prefixHits = new LongAdder();
  final LongAdder successStop = new LongAdder();
  final LongAdder successLength = new LongAdder();
  final LongAdder successAbort = new LongAdder();
  final LongAdder requestsReceived = new LongAdder();
  final LongAdder requestsFailed = new LongAdder();
  final BucketHistogram ttft = new BucketHistogram(TTFT_BUCKETS);
  final BucketHistogram interToken = new BucketHistogram(TOKEN_GAP_BUCKETS);
  final BucketHistogram timePerOutputToken = new BucketHistogram(TOKEN_GAP_BUCKETS);
  final BucketHistogram e2e = new BucketHistogram(REQUEST_TIME_BUCKETS);
  final BucketHistogram queue = new BucketHistogram(REQUEST_TIME_BUCKETS);
  final BucketHistogram inference = new BucketHistogram(REQUEST_TIME_BUCKETS);
  final BucketHistogram prefill = new BucketHistogram(REQUEST_TIME_BUCKETS);
  final BucketHistogram decode = new BucketHistogram(REQUEST_TIME_BUCKETS);
  final BucketHistogram requestPromptTokens;
  final BucketHistogram requestGenerationTokens;
  final BucketHistogram requestMaxTokens;
  final BucketHistogram requestPrefillComputedTokens;
  final BucketHistogram requestN = new BucketHistogram(N_BUCKETS);
  final BucketHistogram iterationTokens = new BucketHistogram(ITERATION_BUCKETS);

  public ServerMetrics(List<Engine> engines, int maxModelLen) {
    this.engines = engines;
    double[] tokenBuckets = BucketHistogram.oneTwoFive(maxModelLen);
    this.requestPromptTokens = new BucketHistogram(tokenBuckets);
    this.requestGenerationTokens = new BucketHistogram(tokenBuckets);
    this.requestMaxTokens = new BucketHistogram(tokenBuckets);
    this.requestPrefillComputedTokens = new BucketHistogram(tokenBuckets);
  }

  /** A request arrived on a completion route. */
  public void observeReceived() {
    requestsReceived.increment();
  }

  /** A request on a completion route was answered with an error status. */
  public void observeFailed() {
    requestsFailed.increment();
  }

  public void observeAdmission(int promptTokenCount, int cachedTokenCount) {
    promptTokens.add(promptTokenCount);
    prefixQueries.add(promptTokenCount);
    prefixHits.add(cachedTokenCount);
  }

  public void observeTokens(int count, long gapNanos, boolean first) {
    generationTokens.add(count);
    if (!first) {
      interToken.observe(gapNanos / 1e9);
    }
  }

  public void observeIteration(int tokens) {
    iterationTokens.observe(tokens);
  }

  /** A request the client will not see finish (stream cut, client gone). */
  public void observeAborted() {
    successAbort.increment();
  }

  /** A request that finished normally. */
  public void observeFinished(RequestTiming t, int cachedTokens) {
    switch (t.finishReason()) {
      case "stop" -> successStop.increment();
      case "length" -> successLength.increment();
      default -> successAbort.increment();
    }
    e2e.observe(seconds(t.lastTokenNanos() - t.arrivalNanos()));
    if (t.admittedNanos() >= 0) {
      queue.observe(seconds(t.admittedNanos() - t.arrivalNanos()));
      inference.observe(seconds(t.lastTokenNanos() - t.admittedNanos()));
    }
    if (t.firstTokenNanos() >= 0) {
      ttft.observe(seconds(t.firstTokenNanos() - t.arrivalNanos()));
      prefill.observe(seconds(t.firstTokenNanos() - Math.max(t.admittedNanos(), t.arrivalNanos())));
      decode.observe(seconds(t.lastTokenNanos() - t.firstTokenNanos()));
      if (t.generatedTokens() > 1) {
        timePerOutputToken.observe(seconds(t.lastTokenNanos() - t.firstTokenNanos()) / (t.generatedTokens() - 1));
      }
    }
    requestPromptTokens.observe(t.promptTokens());
    requestGenerationTokens.observe(t.generatedTokens());
    requestMaxTokens.observe(t.maxTokensParam());
    requestPrefillComputedTokens.observe(Math.max(0, t.promptTokens() - cachedTokens));
    requestN.observe(1);
  }

  int running() {
    return engines.stream().mapToInt(Engine::runningCount).sum();
  }

  int waiting() {
    return engines.stream().mapToInt(Engine::waitingCount).sum();
  }

  /** KV-cache use as a fraction in [0, 1]. */
  double kvCacheUsage() {
    long used = engines.stream().mapToLong(Engine::kvUsedTokens).sum();
    long capacity = engines.stream().mapToLong(Engine::kvCapacityTokens).sum();
    return capacity == 0 ? 0 : Math.min(1.0, (double) used / capacity);
  }

  long preemptions() {
    return engines.stream().mapToLong(Engine::preemptions).sum();
  }

  long successTotal() {
    return successStop.sum() + successLength.sum() + successAbort.sum();
  }

  private static double seconds(long nanos) {
    return Math.max(0, nanos) / 1e9;
  }
}
