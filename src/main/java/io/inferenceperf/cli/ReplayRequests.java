package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.api.ConversationBodies;
import io.inferenceperf.data.replay.ReplayData;
import io.inferenceperf.data.replay.ReplayEvent;
import io.inferenceperf.data.replay.ReplayFormatException;
import io.inferenceperf.data.replay.ReplayMessage;
import io.inferenceperf.data.replay.ReplaySession;
import io.inferenceperf.data.replay.ReplayText;
import io.inferenceperf.engine.SessionGraphs;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.report.PerRequestFileWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of recorded agent sessions ({@link ReplayData}): each session's graph, and each event's request
 * built when it is due, its inputs carrying the live outputs of the events they name (or the recorded ones with
 * disable_output_substitution). The request asks for the recorded output length, sends the recorded tools and the
 * event's recorded headers, and with api.session_id_header_key the session's id.
 *
 * <p>Live tool calls are not substituted: an assistant message keeps its recorded tool_calls (and a tool message its
 * recorded tool_call_id) while its text is the live output.
 */
final class ReplayRequests implements SessionGraphs {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayRequests.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConversationBodies bodies;
  private final String model;
  private final ReplayData data;
  private final String sessionIdHeader;
  private final Map<Long, Map<String, Object>> extraBySeq = new ConcurrentHashMap<>();

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
    for (ReplayEvent event : session.events()) events.add(new Event(event.predecessors(), event.waitNanos()));
    return new Graph(index, session.sessionId(), session.source(), events, session);
  }

  /** How many events each session of the corpus has (0 for one that cannot be replayed), for the plan. */
  static int[] eventsPerSession(ReplayData data) {
    int[] events = new int[data.corpus().size()];
    for (int i = 0; i < events.length; i++) {
      try {
        events[i] = data.corpus().session(i).events().size();
      } catch (ReplayFormatException e) {
        events[i] = 0; // skipped when its turn comes, and logged then
      }
    }
    return events;
  }

  @Override
  public PreparedRequest prepareEvent(int stageId, Graph graph, int event, List<String> outputs) {
    ReplaySession session = (ReplaySession) graph.payload();
    ReplayEvent call = session.events().get(event);
    List<String> live = data.options().substituteOutputs() ? outputs : null;
    List<ObjectNode> messages = new ArrayList<>();
    for (ReplayMessage message : call.messages()) messages.add(message(message, session, live));
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    if (sessionIdHeader != null) headers.put(sessionIdHeader, session.sessionId());
    return bodies.build(model, messages, call.maxTokens(), call.tools(), headers);
  }

  private static ObjectNode message(ReplayMessage message, ReplaySession session, List<String> live) {
    ObjectNode node = JSON.createObjectNode();
    node.put("role", message.role());
    node.put("content", ReplayText.content(message, session, live));
    if (message.extra() != null) {
      message.extra().fields().forEachRemaining(field -> {
        if (!node.has(field.getKey())) node.set(field.getKey(), field.getValue());
      });
    }
    return node;
  }

  @Override
  public void eventSending(long seq, Graph graph, int event) {
    ReplaySession session = (ReplaySession) graph.payload();
    ReplayEvent call = session.events().get(event);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("session_id", session.sessionId());
    extra.put(PerRequestFileWriter.GRAPH_EVENT_ID, call.eventId());
    call.labels().forEach((name, value) -> extra.put(PerRequestFileWriter.LABEL_PREFIX + name, value));
    extraBySeq.put(seq, extra);
  }

  /** The session, event and labels of request {@code seq} (removed on lookup), or null when not known. */
  Map<String, Object> extraInfo(long seq) {
    return extraBySeq.remove(seq);
  }

  @Override
  public long predecessorWaitTimeoutNanos() {
    return data.options().predecessorWaitTimeoutNanos();
  }

  /** Warm-up and single requests: the first event of session index mod size, with the recorded outputs. */
  @Override
  public PreparedRequest prepare(int stageId, long index) {
    int size = data.corpus().size();
    Graph graph = graph((int) (index % Math.max(1, size)));
    if (graph == null || graph.events().isEmpty()) {
      throw new IllegalStateException("replay session " + index % Math.max(1, size) + " has no replayable event");
    }
    return prepareEvent(stageId, graph, 0, List.of());
  }
}
