package io.inferenceperf.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.record.BreakerTrip;
import java.util.List;

/**
 * The circuit breakers that opened, in the reports: {@code circuit_breaker} in the report of the stage each one
 * stopped, and the list {@code circuit_breakers} in the run summary. Absent when none opened.
 */
final class BreakerReport {
  private BreakerReport() {}

  static void addToStage(ObjectNode report, int stageId, List<BreakerTrip> trips) {
    for (BreakerTrip trip : trips) {
      if (trip.stageId() == stageId) {
        report.set("circuit_breaker", json(trip));
        return; // the first one stopped the stage
      }
    }
  }

  static void addToSummary(ObjectNode report, List<BreakerTrip> trips) {
    if (trips.isEmpty()) return;
    ArrayNode list = report.putArray("circuit_breakers");
    for (BreakerTrip trip : trips) list.add(json(trip));
  }

  private static ObjectNode json(BreakerTrip trip) {
    ObjectNode node = JsonFormat.object();
    node.put("name", trip.breaker());
    node.put("trigger", trip.trigger());
    node.put("stage_id", trip.stageId());
    node.put("stopped", trip.stops());
    node.put("counted", trip.counted());
    node.put("hits", trip.hits());
    ArrayNode requests = node.putArray("requests");
    for (BreakerTrip.Request request : trip.requests()) {
      ObjectNode entry = requests.addObject();
      entry.put("seq", request.seq());
      entry.put("stage_id", request.stageId());
      if (request.errorType() != null) entry.put("error_type", request.errorType());
      entry.put("http_status", request.httpStatus());
    }
    node.put("message", trip.describe());
    return node;
  }
}
