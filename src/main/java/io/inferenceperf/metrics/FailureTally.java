package io.inferenceperf.metrics;

import io.inferenceperf.record.Failure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Failure counts by label with merged example messages, bounded in memory: per label, only the first
 * {@code maxMessages} distinct messages are kept (later distinct ones still count towards the label), and each
 * message is cut to {@link #MAX_MESSAGE_CHARS} characters. Mergeable; not thread-safe.
 */
public final class FailureTally {

  /** Longest message kept, so a server that echoes huge bodies cannot exhaust memory. */
  public static final int MAX_MESSAGE_CHARS = 4096;

  /** One by_label entry: the label's total and its most frequent messages, most frequent first. */
  public record LabelCount(String label, long count, List<MessageCount> messages) {}

  /** One merged message and how many failures carried it. */
  public record MessageCount(String message, long count) {}

  private static final class Bucket {
    long count;
    final Map<String, long[]> messages = new LinkedHashMap<>();
  }

  private final int maxMessages;
  private final Map<String, Bucket> byLabel = new LinkedHashMap<>();

  public FailureTally(int maxMessages) {
    this.maxMessages = Math.max(0, maxMessages);
  }

  public void add(Failure failure) {
    String message = FailureLabeler.conciseMessage(failure.message());
    String label = FailureLabeler.label(failure, message);
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    addCounts(label, message, 1);
  }

  public void merge(FailureTally other) {
    for (Map.Entry<String, Bucket> entry : other.byLabel.entrySet()) {
      Bucket theirs = entry.getValue();
      Bucket mine = byLabel.computeIfAbsent(entry.getKey(), label -> new Bucket());
      mine.count += theirs.count;
      for (Map.Entry<String, long[]> message : theirs.messages.entrySet()) {
        addMessage(mine, message.getKey(), message.getValue()[0]);
      }
    }
  }

  /** Labels by count, highest first (ties keep first-seen order), each with its messages by count. */
  public List<LabelCount> labels() {
    List<LabelCount> result = new ArrayList<>();
    for (Map.Entry<String, Bucket> entry : byLabel.entrySet()) {
      List<MessageCount> messages = new ArrayList<>();
      entry.getValue().messages.forEach((text, count) -> messages.add(new MessageCount(text, count[0])));
      messages.sort(Comparator.comparingLong(MessageCount::count).reversed());
      result.add(new LabelCount(entry.getKey(), entry.getValue().count, List.copyOf(messages)));
    }
    result.sort(Comparator.comparingLong(LabelCount::count).reversed());
    return result;
  }

  private void addCounts(String label, String message, long count) {
    Bucket bucket = byLabel.computeIfAbsent(label, key -> new Bucket());
    bucket.count += count;
    addMessage(bucket, message, count);
  }

  private void addMessage(Bucket bucket, String message, long count) {
    long[] seen = bucket.messages.get(message);
    if (seen != null) {
      seen[0] += count;
    } else if (bucket.messages.size() < maxMessages) {
      bucket.messages.put(message, new long[] {count});
    }
  }
}
