package io.inferenceperf.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import java.util.List;
import java.util.Map;

/** Hands every result to several listeners, in their order. */
public final class ResultsTee implements ResultsListener {
  private final List<ResultsListener> listeners;

  public ResultsTee(List<ResultsListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void header(ResultsHeader header) {
    for (ResultsListener listener : listeners) listener.header(header);
  }

  @Override
  public void stageStarted(StageStart start) {
    for (ResultsListener listener : listeners) listener.stageStarted(start);
  }

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    for (ResultsListener listener : listeners) listener.record(record, extraInfo);
  }

  @Override
  public void sessionStage(SessionStagePlan plan) {
    for (ResultsListener listener : listeners) listener.sessionStage(plan);
  }

  @Override
  public void session(SessionRecord session) {
    for (ResultsListener listener : listeners) listener.session(session);
  }

  @Override
  public void stageEnded(StageEnd end) {
    for (ResultsListener listener : listeners) listener.stageEnded(end);
  }

  @Override
  public void breakerOpened(BreakerTrip trip) {
    for (ResultsListener listener : listeners) listener.breakerOpened(trip);
  }

  @Override
  public void serverMetrics(JsonNode reports) {
    for (ResultsListener listener : listeners) listener.serverMetrics(reports);
  }

  @Override
  public void runEnded(RunEnd end) {
    for (ResultsListener listener : listeners) listener.runEnded(end);
  }
}
