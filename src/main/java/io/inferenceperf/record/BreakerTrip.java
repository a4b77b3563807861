package io.inferenceperf.record;

import java.util.List;

/**
 * A circuit breaker opened: which one, on which trigger, in which stage, and the requests it fired on. Kept in the
 * results file and the reports; the stage it names was stopped there.
 *
 * @param breaker the breaker's name (circuit_breakers[].name)
 * @param trigger the trigger that fired, in config terms, e.g. "consecutive (threshold 5)"
 * @param stageId the stage whose requests opened it
 * @param stopsRun whether the run stopped (load.circuit_breaker_stops: run) or only the stage
 * @param atNanos the end time of the request that opened it (a reading of the run's monotonic clock)
 * @param counted requests the breaker had counted (matched) until then
 * @param hits the hits the trigger fired on (the consecutive hits, or the hits in the window)
 * @param requests the last of those hits (at most {@link #MAX_LISTED}), oldest first
 */
public record BreakerTrip(String breaker, String trigger, int stageId, boolean stopsRun, long atNanos, long counted,
    long hits, List<Request> requests) {

  /** The most tripping requests listed. */
  public static final int MAX_LISTED = 10;

  public BreakerTrip {
    requests = List.copyOf(requests);
  }

  /** What {@code load.circuit_breaker_stops} said, as the reports spell it. */
  public String stops() {
    return stopsRun ? "run" : "stage";
  }

  /** This trip with its time moved by {@code nanos} (results of a replica read onto a common origin). */
  public BreakerTrip shifted(long nanos) {
    return new BreakerTrip(breaker, trigger, stageId, stopsRun, atNanos + nanos, counted, hits, requests);
  }

  /** One line for the console and the logs. */
  public String describe() {
    StringBuilder seqs = new StringBuilder();
    for (Request request : requests) seqs.append(seqs.isEmpty() ? "" : ", ").append(request.seq());
    String error = requests.isEmpty() || requests.getLast().errorType() == null ? ""
        : "; last: " + requests.getLast().errorType();
    return "circuit breaker '" + breaker + "' opened in stage " + stageId + ": " + trigger + " fired on " + hits
        + " hit" + (hits == 1 ? "" : "s") + " (requests " + (hits > requests.size() ? "..., " : "") + seqs + error
        + ")";
  }

  /**
   * One request a breaker fired on.
   *
   * @param seq its index in the run, as in the results and per-request files
   * @param errorType inference-perf's error_type, or null for a success
   * @param httpStatus the response status, 0 when none
   */
  public record Request(long seq, int stageId, String errorType, int httpStatus) {}
}
