package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.api.ConversationBodies;
import io.inferenceperf.data.replay.ReplayData;
import io.inferenceperf.data.replay.ReplayEvent;
import io.inferenceperf.data.replay.ReplayFormatException;
import io.inferenceperf.data.replay.ReplayMessage;
import io.inferenceperf.data.replay.ReplaySession;
import io.inferenceperf.engine.SessionGraphs;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.report.PerRequestFileWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of recorded agent sessions ({@link ReplayData}): each session's graph, and each event's request
 * built when it is due, its inputs carrying the live outputs of the events they name (or the recorded ones with
 * disable_output_substitution). The request asks for the recorded output length, sends the recorded tools and the
 * event's recorded headers, and with api.session_id_header_key the session's id.
 *
 * <p>Tool calls: live tool calls replace the recorded ones in the messages that carry them, and the tool results
 * answering them get the live ids ({@link ReplayMessages}); a call that recorded a tool call and sends tools forces
 * one (tool_choice: the recorded function when there is only one name, else any). With bad_tool_call_handling
 * use_recorded, a live tool call with malformed arguments is replaced by the recorded one, and when that one is
 * malformed too the call that generated it fails ({@link #rejectOutput}).
 */
final class ReplayRequests implements SessionGraphs {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayRequests.class);

  private final ConversationBodies bodies;
  private final String model;
  private final ReplayData data;
  private final String sessionIdHeader;
  private final Map<Long, Map<String, Object>> extraBySeq = new ConcurrentHashMap<>();
  private final Map<Long, String> sessionBySeq = new ConcurrentHashMap<>();
  private volatile boolean traced;

  /** @param sessionIdHeader the request header of the session id (api.session_id_header_key), or null */
  ReplayRequests(ConversationBodies bodies, String model, ReplayData data, String sessionIdHeader) {
    this.bodies = bodies;
    this.model = model;
    this.data = data;
    this.sessionIdHeader = sessionIdHeader;
  }

  @Override
  public int sessionCount() {
    return data.corpus().size();
  }

  @Override
  public Graph graph(int index) {
    ReplaySession session;
    try {
      session = data.corpus().session(index);
    } catch (ReplayFormatException e) {
      LOG.warn("replay session {} skipped: {}", index, e.getMessage());
      return null;
    }
    List<Event> events = new ArrayList<>();
    boolean[] read = new boolean[session.events().size()];
    for (ReplayEvent event : session.events()) {
      events.add(new Event(event.predecessors(), event.waitNanos()));
      for (ReplayMessage message : event.messages()) {
        for (ReplayMessage.Segment segment : message.content()) {
          if (segment instanceof ReplayMessage.OutputOf of && of.event() >= 0 && of.event() < read.length) {
            read[of.event()] = true;
          }
        }
      }
    }
    return new Graph(index, session.sessionId(), session.source(), events, new Payload(session, read, ConcurrentHashMap.newKeySet()));
  }

  /**
   * A graph's own data: its session, which events' outputs a later event's input carries, and the events whose
   * recorded output stood in for their live one (use_recorded; a set, as several later events may carry one).
   */
  private record Payload(ReplaySession session, boolean[] outputRead, Set<String> recordedSubstitutions) {}

  @Override
  public List<String> recordedSubstitutions(Graph graph) {
    return ((Payload) graph.payload()).recordedSubstitutions().stream().sorted().toList();
  }

  private static ReplaySession session(Graph graph) {
    return ((Payload) graph.payload()).session();
  }

  /**
   * Only outputs that are carried on are kept (with output substitution), and those use_recorded checks for
   * malformed tool calls.
   */
  @Override
  public boolean needsOutput(Graph graph, int event) {
    Payload payload = (Payload) graph.payload();
    boolean carried = data.options().substituteOutputs() && payload.outputRead()[event];
    return carried || data.options().useRecordedOnBadToolCall() && data.options().substituteOutputs()
        && payload.session().events().get(event).recordedToolCalls() != null;
  }

  /** How many events each session of the corpus has (0 for one that cannot be replayed), for the plan. */
  static int[] eventsPerSession(ReplayData data) {
    int[] events = new int[data.corpus().size()];
    for (int i = 0; i < events.length; i++) {
      try {
        events[i] = data.corpus().eventCount(i);
      } catch (ReplayFormatException e) {
        events[i] = 0; // skipped when its turn comes, and logged then
      }
    }
    return events;
  }

  @Override
  public PreparedRequest prepareEvent(int stageId, Graph graph, int event, List<GeneratedOutput> outputs) {
    ReplaySession session = session(graph);
    ReplayEvent call = session.events().get(event);
    List<GeneratedOutput> live = data.options().substituteOutputs() ? outputs : null;
    ReplayMessages builder = new ReplayMessages(session, live, data.options().useRecordedOnBadToolCall());
    List<ObjectNode> messages = builder.build(call);
    ((Payload) graph.payload()).recordedSubstitutions().addAll(builder.recordedSubstitutions());
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    if (sessionIdHeader != null) headers.put(sessionIdHeader, session.sessionId());
    return bodies.build(model, messages, call.maxTokens(), call.tools(), toolChoice(call), headers);
  }

  /**
   * A recorded tool call with tool definitions to send: the model is made to call one, the recorded function when
   * every recorded call names the same one, else any.
   */
  private ConversationBodies.ToolChoice toolChoice(ReplayEvent call) {
    if (call.recordedToolCalls() == null || call.recordedToolCalls().isEmpty() || call.tools() == null
        || call.tools().isEmpty()) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode recorded : call.recordedToolCalls()) names.add(recorded.path("function").path("name").asText(""));
    String only = names.size() == 1 && !names.iterator().next().isEmpty() ? names.iterator().next() : null;
    return new ConversationBodies.ToolChoice(only, data.options().overrideToolCallMaxTokens());
  }

  /**
   * bad_tool_call_handling use_recorded: an event whose live tool call arguments are not valid JSON, and whose
   * recorded ones are not either, fails (nothing usable could be carried on).
   */
  @Override
  public Failure rejectOutput(Graph graph, int event, GeneratedOutput output) {
    if (!data.options().useRecordedOnBadToolCall() || !data.options().substituteOutputs()
        || ReplayMessages.allValid(output.toolCalls())) {
      return null;
    }
    ReplayEvent call = session(graph).events().get(event);
    if (call.recordedToolCalls() == null || call.recordedToolCalls().isEmpty()
        || ReplayMessages.allValid(call.recordedToolCalls())) {
      return null;
    }
    return Failure.of(Failure.Kind.OTHER, "event " + call.eventId() + " of session " + graph.sessionId()
        + ": the live tool call arguments are not valid JSON, and the recorded ones are not either"
        + " (bad_tool_call_handling: use_recorded)");
  }

  @Override
  public void eventSending(long seq, Graph graph, int event) {
    ReplaySession session = session(graph);
    ReplayEvent call = session.events().get(event);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("session_id", session.sessionId());
    extra.put(PerRequestFileWriter.GRAPH_EVENT_ID, call.eventId());
    call.labels().forEach((name, value) -> extra.put(PerRequestFileWriter.LABEL_PREFIX + name, value));
    extraBySeq.put(seq, extra);
    if (traced) sessionBySeq.put(seq, session.sessionId());
  }

  /** From now on each event's session is kept for the request tracer (OTEL_TRACES_ENABLED): {@link #tracedSession}. */
  void traceSessions() {
    traced = true;
  }

  /** The session of request {@code seq} (removed on lookup), or null. */
  String tracedSession(long seq) {
    return sessionBySeq.remove(seq);
  }

  /** The session, event and labels of request {@code seq} (removed on lookup), or null when not known. */
  Map<String, Object> extraInfo(long seq) {
    return extraBySeq.remove(seq);
  }

  @Override
  public long predecessorWaitTimeoutNanos() {
    return data.options().predecessorWaitTimeoutNanos();
  }

  /**
   * Warm-up and single requests: the first event of session index mod size (or of the next session that can be
   * replayed), with the recorded outputs.
   */
  @Override
  public PreparedRequest prepare(int stageId, long index) {
    int size = data.corpus().size();
    for (int k = 0; k < size; k++) {
      Graph graph = graph((int) ((index + k) % size));
      if (graph != null && !graph.events().isEmpty()) return prepareEvent(stageId, graph, 0, List.of());
    }
    throw new IllegalStateException("the replay data has no session that can be replayed");
  }
}
