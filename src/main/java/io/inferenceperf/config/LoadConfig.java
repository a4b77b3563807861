package io.inferenceperf.config;

import java.util.List;

/**
 * The {@code load} section.
 *
 * @param intervalSeconds pause between stages
 * @param numWorkers number of I/O event loops (threads) that send requests and read responses
 * @param workerMaxConcurrency cap of requests in flight per event loop (0 = no cap)
 * @param workerMaxTcpConnections cap of open connections per event loop
 * @param requestTimeoutSeconds total time allowed per request, null = none (our idle and header timeouts still
 *     bound it)
 * @param baseSeed seed of arrival times and prompts; the loader fills in a time-based value when absent
 * @param connectTimeoutSeconds our extension: TCP connect timeout
 * @param headerTimeoutSeconds our extension: time from send to the response status line
 * @param idleStreamTimeoutSeconds our extension: longest silence allowed inside a response
 * @param stageGraceSeconds our extension: how long after a rate stage's duration late requests may still be sent
 *     and requests in flight may finish
 * @param kernelTimestamps our extension: auto, on or off: whether arrival and send times come from the kernel
 * @param sweep load.sweep, or null: a probe picks the stage rates, which replace {@code stages}
 * @param distributed our extension: this load generator's part in a run spread over several
 * @param ioPriority our extension: auto, realtime or normal: how the I/O threads are scheduled
 * @param circuitBreakers names of the {@code circuit_breakers} entries that watch the run
 * @param circuitBreakerStops our extension: what an open breaker stops, "run" or "stage"
 * @param traceFile load.trace.file (AzurePublicDataset CSV) of a trace_replay run, or null
 * @param loraTrafficSplit load.lora_traffic_split: the adapters requests are spread over, empty for none
 * @param sessionTurns our extension: trace_session_replay with multi-turn data: the turns of each session
 */
public record LoadConfig(
    LoadType type,
    double intervalSeconds,
    List<LoadStage> stages,
    int numWorkers,
    int workerMaxConcurrency,
    int workerMaxTcpConnections,
    Double requestTimeoutSeconds,
    long baseSeed,
    double connectTimeoutSeconds,
    double headerTimeoutSeconds,
    double idleStreamTimeoutSeconds,
    double stageGraceSeconds,
    String kernelTimestamps,
    SweepConfig sweep,
    DistributedConfig distributed,
    String ioPriority,
    List<String> circuitBreakers,
    String circuitBreakerStops,
    String traceFile,
    List<LoraAdapter> loraTrafficSplit,
    int sessionTurns) {

  public LoadConfig {
    circuitBreakers = circuitBreakers == null ? List.of() : List.copyOf(circuitBreakers);
    circuitBreakerStops = circuitBreakerStops == null ? "run" : circuitBreakerStops;
    loraTrafficSplit = loraTrafficSplit == null ? List.of() : List.copyOf(loraTrafficSplit);
  }

  /** Turns of each replayed multi-turn session (load.session_turns) when not set. */
  public static final int DEFAULT_SESSION_TURNS = 3;

  /** One entry of load.lora_traffic_split: the adapter's name (sent as the request's model) and its share. */
  public record LoraAdapter(String name, double split) {}

  /** A load section with the default turns per replayed session. */
  public LoadConfig(LoadType type, double intervalSeconds, List<LoadStage> stages, int numWorkers,
      int workerMaxConcurrency, int workerMaxTcpConnections, Double requestTimeoutSeconds, long baseSeed,
      double connectTimeoutSeconds, double headerTimeoutSeconds, double idleStreamTimeoutSeconds,
      double stageGraceSeconds, String kernelTimestamps, SweepConfig sweep, DistributedConfig distributed,
      String ioPriority, List<String> circuitBreakers, String circuitBreakerStops, String traceFile,
      List<LoraAdapter> loraTrafficSplit) {
    this(type, intervalSeconds, stages, numWorkers, workerMaxConcurrency, workerMaxTcpConnections,
        requestTimeoutSeconds, baseSeed, connectTimeoutSeconds, headerTimeoutSeconds, idleStreamTimeoutSeconds,
        stageGraceSeconds, kernelTimestamps, sweep, distributed, ioPriority, circuitBreakers, circuitBreakerStops,
        traceFile, loraTrafficSplit, DEFAULT_SESSION_TURNS);
  }

  /** A load section without circuit breakers, a trace or LoRA adapters. */
  public LoadConfig(LoadType type, double intervalSeconds, List<LoadStage> stages, int numWorkers,
      int workerMaxConcurrency, int workerMaxTcpConnections, Double requestTimeoutSeconds, long baseSeed,
      double connectTimeoutSeconds, double headerTimeoutSeconds, double idleStreamTimeoutSeconds,
      double stageGraceSeconds, String kernelTimestamps, SweepConfig sweep, DistributedConfig distributed,
      String ioPriority) {
    this(type, intervalSeconds, stages, numWorkers, workerMaxConcurrency, workerMaxTcpConnections,
        requestTimeoutSeconds, baseSeed, connectTimeoutSeconds, headerTimeoutSeconds, idleStreamTimeoutSeconds,
        stageGraceSeconds, kernelTimestamps, sweep, distributed, ioPriority, List.of(), "run", null, List.of());
  }

  /** A load section with the default I/O thread priority. */
  public LoadConfig(LoadType type, double intervalSeconds, List<LoadStage> stages, int numWorkers,
      int workerMaxConcurrency, int workerMaxTcpConnections, Double requestTimeoutSeconds, long baseSeed,
      double connectTimeoutSeconds, double headerTimeoutSeconds, double idleStreamTimeoutSeconds,
      double stageGraceSeconds, String kernelTimestamps, SweepConfig sweep, DistributedConfig distributed) {
    this(type, intervalSeconds, stages, numWorkers, workerMaxConcurrency, workerMaxTcpConnections,
        requestTimeoutSeconds, baseSeed, connectTimeoutSeconds, headerTimeoutSeconds, idleStreamTimeoutSeconds,
        stageGraceSeconds, kernelTimestamps, sweep, distributed, "auto");
  }

  /** A load section of one load generator, without a sweep. */
  public LoadConfig(LoadType type, double intervalSeconds, List<LoadStage> stages, int numWorkers,
      int workerMaxConcurrency, int workerMaxTcpConnections, Double requestTimeoutSeconds, long baseSeed,
      double connectTimeoutSeconds, double headerTimeoutSeconds, double idleStreamTimeoutSeconds,
      double stageGraceSeconds, String kernelTimestamps) {
    this(type, intervalSeconds, stages, numWorkers, workerMaxConcurrency, workerMaxTcpConnections,
        requestTimeoutSeconds, baseSeed, connectTimeoutSeconds, headerTimeoutSeconds, idleStreamTimeoutSeconds,
        stageGraceSeconds, kernelTimestamps, null, DistributedConfig.NONE);
  }

  /** These settings with the stages a sweep chose (and no sweep left to run). */
  public LoadConfig withStages(List<LoadStage> chosen) {
    return new LoadConfig(type, intervalSeconds, List.copyOf(chosen), numWorkers, workerMaxConcurrency,
        workerMaxTcpConnections, requestTimeoutSeconds, baseSeed, connectTimeoutSeconds, headerTimeoutSeconds,
        idleStreamTimeoutSeconds, stageGraceSeconds, kernelTimestamps, null, distributed, ioPriority, circuitBreakers,
        circuitBreakerStops, traceFile, loraTrafficSplit, sessionTurns);
  }

  /** Whether an open circuit breaker stops the whole run (the default) rather than only its stage. */
  public boolean circuitBreakerStopsRun() {
    return !"stage".equals(circuitBreakerStops);
  }

  public enum LoadType {
    CONSTANT("constant"),
    POISSON("poisson"),
    CONCURRENT("concurrent"),
    TRACE_REPLAY("trace_replay"),
    TRACE_SESSION_REPLAY("trace_session_replay");

    public final String yamlName;

    LoadType(String yamlName) {
      this.yamlName = yamlName;
    }
  }
}
