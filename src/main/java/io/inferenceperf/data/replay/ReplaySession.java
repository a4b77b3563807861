package io.inferenceperf.data.replay;

import java.util.List;
import java.util.Objects;

/**
 * One recorded session: its LLM calls in start order, each naming the earlier calls it waits for.
 *
 * @param sessionId a name unique in the corpus (the trace id, or {@code <id>_dupN} for padded copies)
 * @param source where it came from (a file path, or a dataset and row), for the per-session report
 * @param events the calls; every predecessor index of event i is below i
 */
public record ReplaySession(String sessionId, String source, List<ReplayEvent> events) {

  public ReplaySession {
    Objects.requireNonNull(sessionId, "sessionId");
    events = List.copyOf(events);
    for (int i = 0; i < events.size(); i++) {
      for (int p : events.get(i).predecessors()) {
        if (p < 0 || p >= i) {
          throw new IllegalArgumentException("event " + i + " of session " + sessionId + " waits for event " + p
              + ": predecessors must come earlier");
        }
      }
    }
  }
}
