package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;

/**
 * A session replay stage over data without conversations: each session is one request of its own (request index =
 * the session's place in the stage), built by the plain factory on the session gate's thread.
 */
final class SingleTurnSessions implements SessionRequestFactory {
  private final RequestFactory requests;
  private final int sessions;

  SingleTurnSessions(RequestFactory requests, int sessions) {
    this.requests = requests;
    this.sessions = sessions;
  }

  @Override
  public PreparedRequest prepare(int stageId, long index) {
    return requests.prepare(stageId, index);
  }

  @Override
  public int sessionOf(long index) {
    return (int) index;
  }

  @Override
  public int sessionCount() {
    return sessions;
  }

  @Override
  public void stageStarting(int stageId) {}

  @Override
  public void turnFinished(long index, RequestRecord record, String generatedText) {}
}
