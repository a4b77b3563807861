package io.inferenceperf.cli;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.data.Conversations;
import io.inferenceperf.engine.SessionRequestFactory;
import io.inferenceperf.record.HeaderCapture;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.AdapterChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's view of a multi-turn run: each request is a turn of one of the {@link Conversations}, wrapped
 * in the API body when its session is free. It also remembers which session and round each finished request was,
 * for the results and the per-request file's {@code extra_info} ({@link #extraInfo}, looked up once per record).
 *
 * <p>Session headers, as inference-perf sends them: with api.session_id_header_key every turn carries its session's
 * id in that header; with api.session_token_header_key the latest value of that response header seen in a session's
 * responses (any status) is sent back under the same name on the session's later turns. Tokens are kept per session
 * id: they outlive a stage's conversation restart, as the session ids do, and a conversation_replay slot's new
 * conversation (a new id) starts without one.
 */
final class SessionRequests implements SessionRequestFactory {
  private final RequestBuilder builder;
  private final String model;
  private final Conversations sessions;
  private final Map<Long, Map<String, Object>> extraBySeq = new ConcurrentHashMap<>();
  private final String sessionIdHeader;
  private final String sessionTokenHeader;
  private final Map<String, String> tokenBySession = new ConcurrentHashMap<>();

  private final AdapterChoice adapters;

  SessionRequests(RequestBuilder builder, String model, Conversations sessions) {
    this(builder, model, sessions, null, null, null);
  }

  /**
   * @param sessionIdHeader request header for the session id, or null
   * @param sessionTokenHeader response header whose value is echoed on the session's later turns, or null
   * @param adapters the LoRA adapter of each turn (load.lora_traffic_split), or null: every turn the base model
   */
  SessionRequests(RequestBuilder builder, String model, Conversations sessions, String sessionIdHeader,
      String sessionTokenHeader, AdapterChoice adapters) {
    this.builder = builder;
    this.model = model;
    this.sessions = sessions;
    this.sessionIdHeader = sessionIdHeader;
    this.sessionTokenHeader = sessionTokenHeader;
    this.adapters = adapters;
  }

  @Override
  public PreparedRequest prepare(int stageId, long index) {
    String session = sessions.sessionId(index);
    String sentModel = adapters == null ? model : adapters.adapterFor(stageId, index);
    if (sessionIdHeader == null && sessionTokenHeader == null) {
      return builder.build(sentModel, sessions.startTurn(stageId, index));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (sessionIdHeader != null) {
      headers.put(sessionIdHeader, session);
    }
    HeaderCapture capture = null;
    if (sessionTokenHeader != null) {
      String token = tokenBySession.get(session);
      if (token != null) {
        headers.put(sessionTokenHeader, token);
      }
      capture = new HeaderCapture(sessionTokenHeader, value -> {
        if (!value.isEmpty()) {
          tokenBySession.put(session, value);
        }
      });
    }
    return builder.build(sentModel, sessions.startTurn(stageId, index), headers, capture);
  }


  @Override
  public int sessionOf(long index) {
    return sessions.sessionOf(index);
  }

  @Override
  public int sessionCount() {
    return sessions.count();
  }

  @Override
  public void stageStarting(int stageId) {
    sessions.stageStarting(stageId);
  }

  @Override
  public void turnFinished(long index, RequestRecord record, String generatedText) {
    if (record.success()) {
      sessions.turnSucceeded(index, generatedText);
    } else {
      sessions.turnFailed(index);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("user_session", sessions.sessionId(index));
    extra.put("chat_round", sessions.roundOf(index));
    extraBySeq.put(record.seq(), extra);
  }

  /** A tool call's pause after a successful turn (conversation_replay); none after a failed one. */
  @Override
  public long pauseNanosAfter(long index, RequestRecord record) {
    return record.success() ? sessions.pauseNanosAfter(index) : 0;
  }

  /** The session and round of request {@code seq} (removed on lookup), or null when not known. */
  Map<String, Object> extraInfo(long seq) {
    return extraBySeq.remove(seq);
  }
}
