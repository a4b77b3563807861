package io.inferenceperf.data.replay;

import java.util.List;

/** A message's text from its segments, with the live or recorded outputs of the events it names. */
public final class ReplayText {
  private ReplayText() {}

  /**
   * The text of {@code message} of a call of {@code session}.
   *
   * @param liveOutputs each event's live output (null where there is none: not finished, or failed), or null to use
   *     the recorded outputs throughout
   */
  public static String content(ReplayMessage message, ReplaySession session, List<String> liveOutputs) {
    StringBuilder text = new StringBuilder();
    for (ReplayMessage.Segment segment : message.content()) {
      switch (segment) {
        case ReplayMessage.Text plain -> text.append(plain.text());
        case ReplayMessage.OutputOf output -> text.append(output(output.event(), session, liveOutputs));
      }
    }
    return text.toString();
  }

  /** Event {@code event}'s live output when there is one, else its recorded output. */
  public static String output(int event, ReplaySession session, List<String> liveOutputs) {
    if (event < 0 || event >= session.events().size()) return "";
    String live = liveOutputs == null || event >= liveOutputs.size() ? null : liveOutputs.get(event);
    return live != null ? live : session.events().get(event).recordedOutput();
  }
}
