package io.inferenceperf.data.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The chat messages of a rebuilt prompt: consecutive pieces of one role form one message (chat templates such as
 * Gemma's refuse two user or two assistant messages in a row), each piece a text segment, so that the pieces' text
 * is shared by every call that repeats them. The first segment is the session's own text (it gets the session's
 * marker when sessions are made distinct); the rest is shared with the session's other calls.
 */
final class WekaMessages {

  private WekaMessages() {}

  /** The messages of {@code pieces}; {@code marker} ("" for none) goes before the session's own text. */
  static List<ReplayMessage> of(List<WekaConversation.Piece> pieces, Function<int[], String> decoder,
      String marker) {
    List<ReplayMessage> messages = new ArrayList<>();
    String role = null;
    List<ReplayMessage.Segment> segments = new ArrayList<>();
    for (WekaConversation.Piece piece : pieces) {
      if (!piece.role.equals(role) && role != null) {
        messages.add(new ReplayMessage(role, segments, null));
        segments = new ArrayList<>();
      }
      role = piece.role;
      boolean first = messages.isEmpty() && segments.isEmpty();
      segments.add(new ReplayMessage.Text(first ? marker + piece.text(decoder) : piece.text(decoder), !first));
    }
    if (role != null) messages.add(new ReplayMessage(role, segments, null));
    return messages;
  }
}
