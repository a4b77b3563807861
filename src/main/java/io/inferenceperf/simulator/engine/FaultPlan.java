package io.inferenceperf.simulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults chosen for one request.
 *
 * @param status 0 for none, else the HTTP status to answer with (429, 500 or 503)
 * @param cutAfterTokens close the connection once this many tokens have been generated (-1: no cut)
 * @param stallFirstNanos pause before the first token (0: none)
 * @param stallAtToken index of the token a between-tokens pause precedes (-1: none)
 * @param stallBetweenNanos length of that pause
 * @param slowHeadersNanos wait before handling the request (0: none)
 * @param malformedAtToken index of the token whose SSE event is replaced by invalid JSON (-1: none)
 */
public record FaultPlan(
    int status,
    int cutAfterTokens,
    long stallFirstNanos,
    int stallAtToken,
    long stallBetweenNanos,
    long slowHeadersNanos,
    int malformedAtToken) {

  public static final FaultPlan NONE = new FaultPlan(0, -1, 0, -1, 0, 0, -1);

  /** Extra pause before generating token {@code index}, in nanoseconds. */
  long pauseBeforeToken(int index) {
    long pause = index == 0 ? stallFirstNanos : 0;
    return index == stallAtToken ? pause + stallBetweenNanos : pause;
  }

  /** The names of the injected faults, as the ground truth counts them. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    if (status != 0) {
      names.add("http_" + status);
    }
    if (cutAfterTokens >= 0) {
      names.add("cut");
    }
    if (stallFirstNanos > 0) {
      names.add("stall_first");
    }
    if (stallAtToken >= 0) {
      names.add("stall_between");
    }
    if (slowHeadersNanos > 0) {
      names.add("slow_headers");
    }
    if (malformedAtToken >= 0) {
      names.add("malformed");
    }
    return names;
  }
}
