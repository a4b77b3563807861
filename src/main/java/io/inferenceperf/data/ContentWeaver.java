package io.inferenceperf.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Weaves media parts into a text at their insertion points, as inference-perf assembles chat content: items in
 * order of their point, each at character {@code (int) (point * length)} of the text (never inside a surrogate
 * pair), text between them as text parts (empty ones left out); and joins a shared prefix's content to a request's.
 */
final class ContentWeaver {

  private ContentWeaver() {}

  static List<ContentPart> weave(String text, List<MediaMaker.Placed> placed) {
    List<ContentPart> parts = new ArrayList<>();
    List<MediaMaker.Placed> ordered = new ArrayList<>(placed);
    ordered.sort(Comparator.comparingDouble(MediaMaker.Placed::point));
    int done = 0;
    for (MediaMaker.Placed item : ordered) {
      int at = cut(text, item.point());
      if (at > done) {
        parts.add(new ContentPart.Text(text.substring(done, at)));
        done = at;
      }
      parts.addAll(item.parts());
    }
    if (done < text.length()) {
      parts.add(new ContentPart.Text(text.substring(done)));
    }
    return parts;
  }

  private static int cut(String text, double point) {
    int at = (int) (Math.clamp(point, 0.0, 1.0) * text.length());
    if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return at;
  }

  /**
   * The prefix's parts, then the request's, with one space between them: appended to the prefix's last text part
   * when both sides meet as text, else as a text part of its own.
   */
  static List<ContentPart> join(List<ContentPart> prefix, List<ContentPart> payload) {
    if (prefix.isEmpty() || payload.isEmpty()) {
      return prefix.isEmpty() ? payload : prefix;
    }
    List<ContentPart> joined = new ArrayList<>(prefix);
    if (prefix.getLast() instanceof ContentPart.Text last && payload.getFirst() instanceof ContentPart.Text first) {
      joined.set(joined.size() - 1, new ContentPart.Text(last.text() + " " + first.text()));
      joined.addAll(payload.subList(1, payload.size()));
    } else {
      joined.add(new ContentPart.Text(" "));
      joined.addAll(payload);
    }
    return joined;
  }
}
