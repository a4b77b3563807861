package io.inferenceperf.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.metrics.RunSummary;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.RunEnd;
import io.inferenceperf.results.SessionStagePlan;
import io.inferenceperf.results.StageEnd;
import io.inferenceperf.results.StageStart;
import io.inferenceperf.servermetrics.PrometheusReports;
import io.inferenceperf.servermetrics.ServerMetricsJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Gathers a run's results, live or replayed from results files, into its {@link ReportInputs}: every record into the
 * aggregator, the client's cost per stage and for the run, the server's metrics and the run's status. Results of
 * several load generators (or runs) fed one after the other merge: stages with the same id are one stage, their
 * plans and costs add up, and the worst status stands.
 *
 * <p>Not thread-safe: one thread (the recorder's, or the reader's) feeds it.
 */
public final class ReportCollector implements ResultsListener {
  private RunAggregator aggregator;
  private ResultsHeader firstHeader;
  private final Map<Integer, ClientResources.Usage> stageResources = new HashMap<>();
  private ClientResources.Usage runResources;
  private PrometheusReports serverMetrics = PrometheusReports.none();
  private Status status;
  private int sources;
  private long records;
  /** One per results header fed: the load generators of a merge. */
  private final List<LoadGeneratorTally> loadGenerators = new ArrayList<>();
  /** load.distributed.replicas of the headers fed, and the indexes that came (a merge lists the others missing). */
  private int replicas = 1;
  private final java.util.Set<Integer> replicaIndexes = new java.util.TreeSet<>();
  private boolean listEveryReplica;
  private final List<BreakerTrip> breakerTrips = new ArrayList<>();
  /** load.lora_traffic_split: one aggregator per adapter, fed that adapter's records (its model), in header order. */
  private final Map<String, RunAggregator> adapterAggregators = new java.util.LinkedHashMap<>();
  /** Session-graph replay: the sessions, their stages' settings, start and end (the first source's times). */
  private final List<SessionRecord> sessions = new ArrayList<>();
  private final Map<Integer, SessionStagePlan> sessionPlans = new HashMap<>();
  private final Map<Integer, Long> stageStarts = new HashMap<>();
  private final Map<Integer, StageEnd> stageEnds = new HashMap<>();
  private long firstStageStartNanos = Long.MIN_VALUE;

  /** What a live run adds to the headers' aggregation settings (where a scratch file's failure goes). */
  private final UnaryOperator<AggregationSettings> settings;

  public ReportCollector() {
    this(UnaryOperator.identity());
  }

  /** @param settings adapts the aggregation settings of the headers fed (e.g. a live run's scratch-file watch) */
  public ReportCollector(UnaryOperator<AggregationSettings> settings) {
    this.settings = settings;
  }

  @Override
  public void header(ResultsHeader header) {
    sources++;
    String label = header.replicas() > 1 ? "replica " + header.replicaIndex() + " of " + header.replicas()
        : "results " + sources;
    loadGenerators.add(new LoadGeneratorTally(label, header.start()));
    replicas = Math.max(replicas, header.replicas());
    replicaIndexes.add(header.replicaIndex());
    if (firstHeader == null) {
      firstHeader = header;
      aggregator = new RunAggregator(settings.apply(header.aggregation()), header.measurement());
    }
    for (var adapter : header.loraAdapters()) {
      adapterAggregators.computeIfAbsent(adapter.name(),
          name -> new RunAggregator(settings.apply(firstHeader.aggregation()), firstHeader.measurement()));
    }
  }

  @Override
  public void stageStarted(StageStart start) {
    aggregator().stageStarted(start.stageId(), start.info());
    adapterAggregators.values().forEach(adapter -> adapter.stageStarted(start.stageId(), start.info()));
    current().stageStarted(start.startNanos());
    stageStarts.merge(start.stageId(), start.startNanos(), Math::min);
    if (firstStageStartNanos == Long.MIN_VALUE) firstStageStartNanos = start.startNanos();
  }

  @Override
  public void sessionStage(SessionStagePlan plan) {
    sessionPlans.putIfAbsent(plan.stageId(), plan);
  }

  @Override
  public void session(SessionRecord session) {
    sessions.add(session);
  }

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    aggregator().add(record);
    RunAggregator adapter = record.model() == null ? null : adapterAggregators.get(record.model());
    if (adapter != null) adapter.add(record);
    current().record(record);
    if (record.stageId() >= 0) records++;
  }

  @Override
  public void stageEnded(StageEnd end) {
    aggregator().stageEnded(end.stageId(), end.status());
    adapterAggregators.values().forEach(adapter -> adapter.stageEnded(end.stageId(), end.status()));
    if (end.resources() != null) stageResources.merge(end.stageId(), end.resources(), ClientResources.Usage::plus);
    stageEnds.merge(end.stageId(), end, (a, b) -> b.endNanos() > a.endNanos()
        ? new StageEnd(b.stageId(), worse(a.status(), b.status()), b.endNanos(), b.endEpochMillis(), 0, 0, 0, null)
        : new StageEnd(a.stageId(), worse(a.status(), b.status()), a.endNanos(), a.endEpochMillis(), 0, 0, 0, null));
  }

  private static Status worse(Status a, Status b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The replayed sessions with their stages' facts (only stages that have sessions get a stage report). */
  private SessionLifecycleReports.Data sessionData() {
    if (sessions.isEmpty()) return SessionLifecycleReports.Data.NONE;
    Map<Integer, SessionLifecycleReports.Stage> stages = new HashMap<>();
    for (Map.Entry<Integer, StageEnd> end : stageEnds.entrySet()) {
      Long start = stageStarts.get(end.getKey());
      if (start == null) continue;
      stages.put(end.getKey(), new SessionLifecycleReports.Stage(end.getKey(), end.getValue().status(), start,
          end.getValue().endNanos(), sessionPlans.get(end.getKey())));
    }
    return new SessionLifecycleReports.Data(sessions, stages, firstStageStartNanos);
  }

  @Override
  public void breakerOpened(BreakerTrip trip) {
    breakerTrips.add(trip);
  }

  @Override
  public void serverMetrics(JsonNode reports) {
    if (serverMetrics.isEmpty()) serverMetrics = ServerMetricsJson.read(reports);
  }

  /** Server metrics collected live (the same as {@link #serverMetrics(JsonNode)} with the object itself). */
  public void serverMetrics(PrometheusReports reports) {
    if (serverMetrics.isEmpty()) serverMetrics = reports;
  }

  @Override
  public void runEnded(RunEnd end) {
    status = status == null || end.status().compareTo(status) > 0 ? end.status() : status;
    current().ended(end.status());
    if (end.resources() != null) runResources = runResources == null ? end.resources()
        : runResources.plus(end.resources());
  }

  /** Records of the run's stages so far. */
  public long recordCount() {
    return records;
  }

  /** How many results headers (load generators, runs) were fed. */
  public int sources() {
    return sources;
  }

  /** The settings of the first results fed, or null before any. */
  public ResultsHeader header() {
    return firstHeader;
  }

  /**
   * The report inputs. A source that never said how it ended (its file was cut short) makes the run interrupted:
   * what it measured is reported as such.
   *
   * @param withTotal whether the run summary (merge of all stages) is wanted
   */
  public ReportInputs finish(boolean withTotal, ClientHealth.Thresholds thresholds) {
    Status runStatus = status == null ? Status.INTERRUPTED : status;
    RunSummary summary;
    try (RunResult result = aggregator().finish(runStatus)) {
      summary = result.summarize(withTotal, thresholds);
    }
    return new ReportInputs(summary, runResources, stageResources, serverMetrics, loadGeneratorMaps(),
        firstHeader == null ? null : firstHeader.placement(), breakerTrips, adapterSummaries(runStatus, thresholds),
        sessionData());
  }

  /** Each LoRA adapter's records summarised like the run's: its total and its stages. */
  private Map<String, RunSummary> adapterSummaries(Status runStatus, ClientHealth.Thresholds thresholds) {
    Map<String, RunSummary> summaries = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, RunAggregator> adapter : adapterAggregators.entrySet()) {
      try (RunResult result = adapter.getValue().finish(runStatus)) {
        summaries.put(adapter.getKey(), result.summarize(true, thresholds));
      }
    }
    return summaries;
  }

  /**
   * A merge of a distributed run's results: list the load generators even when only one came, so the report says
   * which replicas are missing (a rebuild of one replica's own report does not call this).
   */
  public void listEveryReplica() {
    listEveryReplica = true;
  }

  /** With several sources, what each load generator did, then the replicas that sent no results; empty for one. */
  private List<Map<String, Object>> loadGeneratorMaps() {
    if (loadGenerators.size() < 2 && !(listEveryReplica && replicas > 1)) return List.of();
    long earliest = loadGenerators.stream().mapToLong(LoadGeneratorTally::firstStageStartNanos)
        .filter(start -> start >= 0).min().orElse(0);
    List<Map<String, Object>> maps = new ArrayList<>();
    for (LoadGeneratorTally tally : loadGenerators) maps.add(tally.toReportMap(earliest));
    for (int index = 0; index < replicas; index++) {
      if (replicaIndexes.contains(index)) continue;
      Map<String, Object> missing = new java.util.LinkedHashMap<>();
      missing.put("load_generator", "replica " + index + " of " + replicas);
      missing.put("status", "missing");
      missing.put("requests", 0L);
      maps.add(missing);
    }
    return maps;
  }

  private LoadGeneratorTally current() {
    if (loadGenerators.isEmpty()) throw new IllegalStateException("results must start with their header");
    return loadGenerators.get(loadGenerators.size() - 1);
  }

  /** Marks a source whose file ended without its run_end line. */
  public void sourceCutShort() {
    if (!loadGenerators.isEmpty()) current().ended(Status.INTERRUPTED);
    status = status == null || Status.INTERRUPTED.compareTo(status) > 0 ? Status.INTERRUPTED : status;
  }

  private RunAggregator aggregator() {
    if (aggregator == null) throw new IllegalStateException("results must start with their header");
    return aggregator;
  }
}
