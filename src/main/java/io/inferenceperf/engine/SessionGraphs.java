package io.inferenceperf.engine;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.PreparedRequest;
import java.util.List;
import java.util.Objects;

/**
 * A request factory whose requests are the events of recorded agent sessions, each session a graph of LLM calls
 * (session-graph replay). The engine dispatches a stage's sessions, starts each event once every event it depends on
 * has succeeded and its recorded wait has passed, and builds its request then, from the live outputs of the events
 * before it ({@link #prepareEvent}). A failed event cancels the events that depend on it.
 */
public interface SessionGraphs extends RequestFactory {

  /** How many sessions there are (numbered 0 to count - 1; stages take them in order). */
  int sessionCount();

  /**
   * The graph of session {@code session}, or null when its recording cannot be replayed (the implementation says
   * why in the log; the session is skipped and not reported, as inference-perf).
   */
  Graph graph(int session);

  /**
   * The request of event {@code event} of {@code graph}, built when it is due.
   *
   * @param outputs what each event of the session that has finished successfully generated (text and tool calls;
   *     null for the others), for the inputs that carry a predecessor's live output
   */
  PreparedRequest prepareEvent(int stageId, Graph graph, int event, List<GeneratedOutput> outputs);

  /**
   * Whether anything reads what event {@code event} generates (a later event's input, or {@link #rejectOutput}):
   * only then does its response keep its text and tool calls. The default says yes.
   */
  default boolean needsOutput(Graph graph, int event) {
    return true;
  }

  /**
   * Checks what event {@code event} generated, when its request succeeded, before its record goes on: a non-null
   * failure makes the event a failed request (recorded with it; its dependants are cancelled), e.g. a malformed
   * live tool call with nothing usable to send instead (bad_tool_call_handling). Runs on the sender's thread. The
   * default accepts everything.
   */
  default Failure rejectOutput(Graph graph, int event, GeneratedOutput output) {
    return null;
  }

  /**
   * Event {@code event} of {@code graph} is about to be sent as request {@code seq} (called before its record can
   * exist), e.g. to remember its session and labels for the per-request file. The default does nothing.
   */
  default void eventSending(long seq, Graph graph, int event) {}

  /**
   * The events of {@code graph} whose live output was replaced by the recorded one (bad_tool_call_handling
   * use_recorded), sorted, for the session report; asked once the session has ended. The default: none.
   */
  default List<String> recordedSubstitutions(Graph graph) {
    return List.of();
  }

  /** How long an event may wait for its predecessors (predecessor_wait_timeout_sec) before it is cancelled; 0 = no limit. */
  default long predecessorWaitTimeoutNanos() {
    return 0;
  }

  /**
   * A session's graph as the engine needs it.
   *
   * @param session the session's index in the corpus
   * @param sessionId its name, for the session report
   * @param source where it was recorded, for the session report
   * @param events its events in start order; an event's predecessors come before it
   * @param payload the factory's own data of the session, handed back to {@link #prepareEvent} (may be null)
   */
  record Graph(int session, String sessionId, String source, List<Event> events, Object payload) {
    public Graph {
      Objects.requireNonNull(sessionId, "sessionId");
      events = List.copyOf(events);
    }
  }

  /**
   * One event's place in the graph.
   *
   * @param predecessors the earlier events it waits for (none: it starts with the session)
   * @param waitNanos the pause after its last predecessor ended (after the session's dispatch when none)
   */
  record Event(List<Integer> predecessors, long waitNanos) {
    public Event {
      predecessors = List.copyOf(predecessors);
    }
  }
}
