package io.inferenceperf.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import java.util.Map;

/**
 * Receives a run's results in order: the header, then stage starts, records and stage ends as they happened, then
 * the server's metrics and the run's end (both absent from a file whose run was cut short). Written live by a run,
 * replayed from a file by {@link ResultsReader}.
 */
public interface ResultsListener {

  default void header(ResultsHeader header) {}

  default void stageStarted(StageStart start) {}

  /**
   * One request.
   *
   * @param extraInfo the request's {@code info.extra_info} fields of the per-request file (multi-turn sessions), or
   *     null
   */
  default void record(RequestRecord record, Map<String, Object> extraInfo) {}

  default void stageEnded(StageEnd end) {}

  /** A session-graph replay stage's settings (right after its start). */
  default void sessionStage(SessionStagePlan plan) {}

  /** A replayed session ended (session-graph replay); after its requests. */
  default void session(SessionRecord session) {}

  /** A circuit breaker opened (right after the request that opened it); its stage, or the run, stops. */
  default void breakerOpened(BreakerTrip trip) {}

  /** The server's metrics as collected, in {@code ServerMetricsJson}'s form. */
  default void serverMetrics(JsonNode reports) {}

  default void runEnded(RunEnd end) {}
}
