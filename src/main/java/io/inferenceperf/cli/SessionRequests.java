package io.inferenceperf.cli;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.data.UserSessions;
import io.inferenceperf.engine.SessionRequestFactory;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.AdapterChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's view of a multi-turn run: each request is a turn of a {@link UserSessions} conversation, wrapped
 * in the API body when its session is free. It also remembers which session and round each finished request was,
 * for the results and the per-request file's {@code extra_info} ({@link #extraInfo}, looked up once per record).
 */
final class SessionRequests implements SessionRequestFactory {
  private final RequestBuilder builder;
  private final String model;
  private final UserSessions sessions;
  private final Map<Long, Map<String, Object>> extraBySeq = new ConcurrentHashMap<>();

  private final AdapterChoice adapters;

  SessionRequests(RequestBuilder builder, String model, UserSessions sessions) {
    this(builder, model, sessions, null);
  }

  /** @param adapters the LoRA adapter of each turn (load.lora_traffic_split), or null: every turn the base model */
  SessionRequests(RequestBuilder builder, String model, UserSessions sessions, AdapterChoice adapters) {
    this.builder = builder;
    this.model = model;
    this.sessions = sessions;
    this.adapters = adapters;
  }

  @Override
  public PreparedRequest prepare(int stageId, long index) {
    String sentModel = adapters == null ? model : adapters.adapterFor(stageId, index);
    return builder.build(sentModel, sessions.startTurn(sessions.sessionOf(index)));
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
    sessions.reset();
  }

  @Override
  public void turnFinished(long index, RequestRecord record, String generatedText) {
    int session = sessions.sessionOf(index);
    if (record.success()) {
      sessions.succeeded(session, generatedText);
    } else {
      sessions.failed(session);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("user_session", sessions.seed(session).id());
    extra.put("chat_round", sessions.roundOf(index));
    extraBySeq.put(record.seq(), extra);
  }

  /** The session and round of request {@code seq} (removed on lookup), or null when not known. */
  Map<String, Object> extraInfo(long seq) {
    return extraBySeq.remove(seq);
  }
}
