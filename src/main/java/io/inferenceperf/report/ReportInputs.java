package io.inferenceperf.report;

import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.RunSummary;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.Placement;
import io.inferenceperf.servermetrics.PrometheusReports;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run's reports are built from: the aggregated summaries, what the client itself cost (the whole
 * process and each stage's window), and what the server's metrics said. A live run and a rebuild from the results
 * file produce the same inputs, so the same reports.
 *
 * @param run the lifecycle summaries
 * @param runResources the client's cost over the whole run, or null when unknown
 * @param stageResources the client's cost in each stage's window, by stage id (stages without a reading are absent)
 * @param serverMetrics the server's view, {@link PrometheusReports#none()} when not collected
 * @param loadGenerators when several results were merged: one entry per load generator (which, how it ended, its
 *     requests, its pace, its first stage's start relative to the earliest); empty for one
 * @param placement where the run ran (from the results header), or null when not recorded
 * @param breakerTrips the circuit breakers that opened, in order (each stopped its stage, or the run)
 * @param adapters with load.lora_traffic_split: each adapter's own summaries (its requests only), in split order
 * @param sessions the sessions of a session-graph replay and its stages ({@link SessionLifecycleReports.Data#NONE})
 */
public record ReportInputs(
    RunSummary run,
    ClientResources.Usage runResources,
    Map<Integer, ClientResources.Usage> stageResources,
    PrometheusReports serverMetrics,
    List<Map<String, Object>> loadGenerators,
    Placement placement,
    List<BreakerTrip> breakerTrips,
    Map<String, RunSummary> adapters,
    SessionLifecycleReports.Data sessions) {

  public ReportInputs {
    breakerTrips = breakerTrips == null ? List.of() : List.copyOf(breakerTrips);
    stageResources = Map.copyOf(new TreeMap<>(stageResources));
    serverMetrics = serverMetrics == null ? PrometheusReports.none() : serverMetrics;
    loadGenerators = loadGenerators == null ? List.of() : List.copyOf(loadGenerators);
    adapters = adapters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(adapters));
    sessions = sessions == null ? SessionLifecycleReports.Data.NONE : sessions;
  }

  public ReportInputs(RunSummary run, ClientResources.Usage runResources,
      Map<Integer, ClientResources.Usage> stageResources, PrometheusReports serverMetrics,
      List<Map<String, Object>> loadGenerators, Placement placement, List<BreakerTrip> breakerTrips,
      Map<String, RunSummary> adapters) {
    this(run, runResources, stageResources, serverMetrics, loadGenerators, placement, breakerTrips, adapters, null);
  }

  public ReportInputs(RunSummary run, ClientResources.Usage runResources,
      Map<Integer, ClientResources.Usage> stageResources, PrometheusReports serverMetrics,
      List<Map<String, Object>> loadGenerators, Placement placement) {
    this(run, runResources, stageResources, serverMetrics, loadGenerators, placement, List.of(), Map.of());
  }

  public ReportInputs(RunSummary run, ClientResources.Usage runResources,
      Map<Integer, ClientResources.Usage> stageResources, PrometheusReports serverMetrics) {
    this(run, runResources, stageResources, serverMetrics, List.of(), null);
  }

  /** Inputs with no client-resource readings and no server metrics. */
  public static ReportInputs of(RunSummary run) {
    return new ReportInputs(run, null, Map.of(), PrometheusReports.none());
  }
}
