package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One input message of a recorded call.
 *
 * @param role system, user, assistant or tool
 * @param content the message text as segments, concatenated in order
 * @param extra other fields of the message sent as they are (tool_calls, tool_call_id, name), or null
 */
public record ReplayMessage(String role, List<Segment> content, ObjectNode extra) {

  public ReplayMessage {
    content = List.copyOf(content);
  }

  /** A part of a message's text. */
  public sealed interface Segment {}

  /**
   * Text as recorded.
   *
   * @param shared true when the same text opens other calls too (a prefix the server may cache); unique text gets
   *     the session's marker when sessions are made distinct (inject_random_session_id, duplicate_sessions_target);
   *     the reader writes the marker into {@code text} itself, so the replay sends text as it is
   */
  public record Text(String text, boolean shared) implements Segment {}

  /**
   * The live output of event {@code event} of the same session (its text; for an assistant message also its tool
   * calls), or its recorded output when output substitution is off or the live output is unusable.
   */
  public record OutputOf(int event) implements Segment {}
}
