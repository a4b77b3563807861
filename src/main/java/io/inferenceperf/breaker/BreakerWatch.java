package io.inferenceperf.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.CircuitBreakerConfig;
import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StageOutcome;
import io.inferenceperf.metrics.FailureLabeler;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.StagePlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches a run's requests with the enabled circuit breakers: passes everything on to the next observer first (so
 * every record is kept), then feeds each finished request of the running stage to every breaker that is still closed.
 * When one opens, {@code onTrip} gets the trip (it stops the stage or the run). With {@code stopsRun} false, every
 * breaker closes again at the next stage's start. Runs on the recorder thread, as every observer.
 */
public final class BreakerWatch implements RunObserver {
  private final List<CompiledBreaker> breakers;
  private final boolean stopsRun;
  private final boolean useServerOutputTokens;
  private final RunObserver next;
  private final Consumer<BreakerTrip> onTrip;
  /** Per breaker, its last hits (at most {@link BreakerTrip#MAX_LISTED}), to name the requests of a trip. */
  private final Map<String, ArrayDeque<BreakerTrip.Request>> recentHits = new HashMap<>();
  private final List<BreakerTrip> trips = new ArrayList<>();
  private int stageId = Integer.MIN_VALUE;

  public BreakerWatch(List<CircuitBreakerConfig> enabled, boolean stopsRun, boolean useServerOutputTokens,
      RunObserver next, Consumer<BreakerTrip> onTrip) {
    List<CompiledBreaker> compiled = new ArrayList<>();
    for (CircuitBreakerConfig config : enabled) compiled.add(new CompiledBreaker(config));
    this.breakers = List.copyOf(compiled);
    this.stopsRun = stopsRun;
    this.useServerOutputTokens = useServerOutputTokens;
    this.next = next;
    this.onTrip = onTrip;
  }

  @Override
  public void stageStarted(StagePlan plan, StageClock clock) {
    next.stageStarted(plan, clock);
    stageId = plan.stageId();
    if (!stopsRun) {
      for (CompiledBreaker breaker : breakers) breaker.breaker().reset();
      recentHits.clear();
    }
  }

  @Override
  public void record(RequestRecord record) {
    next.record(record);
    // A late record of an earlier stage (after the next one started) no longer decides anything.
    if (record.stageId() != stageId) return;
    JsonNode view = null;
    for (CompiledBreaker breaker : breakers) {
      if (breaker.breaker().open()) continue;
      if (view == null) view = RequestView.of(record, useServerOutputTokens);
      CompiledBreaker.Verdict verdict = breaker.judge(view);
      if (verdict == CompiledBreaker.Verdict.IGNORED) continue;
      boolean hit = verdict == CompiledBreaker.Verdict.HIT;
      if (hit) remember(breaker.name(), record);
      Breaker.Trip trip = breaker.breaker().add(hit, record.endNanos(), record.seq());
      if (trip != null) opened(trip, record);
    }
  }

  @Override
  public void sessionEnded(io.inferenceperf.record.SessionRecord session) {
    next.sessionEnded(session);
  }

  @Override
  public void stageEnded(StagePlan plan, StageOutcome outcome) {
    next.stageEnded(plan, outcome);
  }

  /** Every trip so far, in order. */
  public List<BreakerTrip> trips() {
    return List.copyOf(trips);
  }

  private void remember(String breaker, RequestRecord record) {
    ArrayDeque<BreakerTrip.Request> hits = recentHits.computeIfAbsent(breaker, b -> new ArrayDeque<>());
    if (hits.size() == BreakerTrip.MAX_LISTED) hits.removeFirst();
    String errorType = record.failure() == null ? null : FailureLabeler.errorType(record.failure());
    hits.addLast(new BreakerTrip.Request(record.seq(), record.stageId(), errorType, record.httpStatus()));
  }

  private void opened(Breaker.Trip trip, RequestRecord record) {
    List<Long> evidence = trip.evidence();
    List<BreakerTrip.Request> listed = new ArrayList<>();
    for (BreakerTrip.Request hit : recentHits.getOrDefault(trip.breaker(), new ArrayDeque<>())) {
      if (evidence.contains(hit.seq())) listed.add(hit);
    }
    BreakerTrip found = new BreakerTrip(trip.breaker(), trip.trigger(), record.stageId(), stopsRun, trip.nanos(),
        trip.samples(), evidence.size(), listed);
    trips.add(found);
    onTrip.accept(found);
  }
}
