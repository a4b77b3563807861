package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.record.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTallyTest {

  @Test
  void mergesIdenticalMessagesAndSortsByCount() {
    FailureTally tally = new FailureTally(10);
    tally.add(Failure.http(503, "{\"error\":{\"message\":\"busy\"}}"));
    tally.add(Failure.of(Failure.Kind.TIMEOUT, "idle 30 s"));
    tally.add(Failure.http(503, "{\"error\":{\"message\":\"draining\"}}"));
    tally.add(Failure.http(503, "{\"error\":{\"message\":\"busy\"}}"));
    List<FailureTally.LabelCount> labels = tally.labels();
    assertEquals(2, labels.size());
    assertEquals("503 - Service Unavailable", labels.get(0).label());
    assertEquals(3, labels.get(0).count());
    assertEquals(
        List.of(new FailureTally.MessageCount("busy", 2), new FailureTally.MessageCount("draining", 1)),
        labels.get(0).messages());
    assertEquals("Timeout", labels.get(1).label());
  }

  @Test
  void keepsAtMostMaxMessagesPerLabelButCountsAll() {
    FailureTally tally = new FailureTally(2);
    for (int i = 0; i < 5; i++) {
      tally.add(Failure.of(Failure.Kind.CONNECTION, "refused #" + i));
    }
    tally.add(Failure.of(Failure.Kind.CONNECTION, "refused #1"));
    FailureTally.LabelCount label = tally.labels().get(0);
    assertEquals(6, label.count());
    assertEquals(
        List.of(new FailureTally.MessageCount("refused #1", 2), new FailureTally.MessageCount("refused #0", 1)),
        label.messages());
  }

  @Test
  void mergeEqualsAddingEverythingToOne() {
    FailureTally all = new FailureTally(3);
    FailureTally first = new FailureTally(3);
    FailureTally second = new FailureTally(3);
    String[] messages = {"a", "b", "a", "c", "a", "b"};
    for (int i = 0; i < messages.length; i++) {
      Failure failure = Failure.http(500 + (i % 2) * 3, messages[i]);
      all.add(failure);
      (i < 3 ? first : second).add(failure);
    }
    first.merge(second);
    assertEquals(all.labels(), first.labels());
  }

  @Test
  void cutsVeryLongMessages() {
    FailureTally tally = new FailureTally(1);
    tally.add(Failure.http(500, "x".repeat(10_000)));
    String kept = tally.labels().get(0).messages().get(0).message();
    assertEquals(FailureTally.MAX_MESSAGE_CHARS + 3, kept.length());
  }
}
