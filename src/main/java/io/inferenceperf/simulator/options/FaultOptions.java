package io.inferenceperf.simulator.options;

/**
 * Faults injected on purpose. Fractions are per request, drawn from the seeded generator in arrival order; a
 * request gets at most one status fault (429, 500 or 503) and then, independently, any of the stream faults.
 *
 * @param fraction429 answered 429 with a JSON error body and Retry-After
 * @param fraction500 answered 500
 * @param fraction503 answered 503
 * @param cutFraction the response is cut mid-way: the connection closes after part of the tokens, without [DONE]
 * @param stallFirstFraction generation pauses for stallFirstMs before the first token
 * @param stallFirstMs length of that pause
 * @param stallBetweenFraction generation pauses once for stallBetweenMs before a random later token
 * @param stallBetweenMs length of that pause
 * @param slowHeadersFraction the server waits slowHeadersMs before handling the request and sending headers
 * @param slowHeadersMs length of that wait
 * @param malformedFraction one SSE event of the stream (or the whole non-streaming body) is invalid JSON
 * @param refuseForMs connections are refused (the port is closed) for this long after start
 * @param maxCount per-request faults stop after this many have been injected in total; 0 means no limit
 * @param afterCount the first this many requests get no per-request fault (a healthy start, then the faults)
 */
public record FaultOptions(
    double fraction429,
    double fraction500,
    double fraction503,
    double cutFraction,
    double stallFirstFraction,
    double stallFirstMs,
    double stallBetweenFraction,
    double stallBetweenMs,
    double slowHeadersFraction,
    double slowHeadersMs,
    double malformedFraction,
    double refuseForMs,
    long maxCount,
    long afterCount) {

  /** Faults from the first request on. */
  public FaultOptions(double fraction429, double fraction500, double fraction503, double cutFraction,
      double stallFirstFraction, double stallFirstMs, double stallBetweenFraction, double stallBetweenMs,
      double slowHeadersFraction, double slowHeadersMs, double malformedFraction, double refuseForMs, long maxCount) {
    this(fraction429, fraction500, fraction503, cutFraction, stallFirstFraction, stallFirstMs, stallBetweenFraction,
        stallBetweenMs, slowHeadersFraction, slowHeadersMs, malformedFraction, refuseForMs, maxCount, 0);
  }

  public boolean any() {
    return fraction429 + fraction500 + fraction503 + cutFraction + stallFirstFraction + stallBetweenFraction
            + slowHeadersFraction + malformedFraction
        > 0;
  }
}
