package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFramerTest {

  record Event(boolean error, String data, long nanos) {}

  private final List<Event> events = new ArrayList<>();
  private final SseFramer framer = new SseFramer(
      (error, data, length, nanos) ->
          events.add(new Event(error, new String(data, 0, length, StandardCharsets.UTF_8), nanos)));

  @AfterEach
  void noLeftoverEvents() {
    assertEquals(List.of(), events, "every test must consume the events it produced");
  }

  private static final String STREAM = """
      : a comment line
      data: {"a":1}

      event: message
      id: 7
      retry: 1000
      data: {"b":
      data:2}

      data:no-space

      event: error
      data: {"error":{"message":"boom"}}

      data: [DONE]

      """;

  private static final List<String> EXPECTED_DATA =
      List.of("{\"a\":1}", "{\"b\":\n2}", "no-space", "{\"error\":{\"message\":\"boom\"}}", "[DONE]");

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void framesEveryLineEndingStyleTheSame(String lineEnd) {
    byte[] bytes = STREAM.replace("\n", lineEnd).getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, bytes.length, 42);
    assertStreamEvents(42);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void splittingAtEveryByteOffsetGivesTheSameEvents(String lineEnd) {
    byte[] bytes = STREAM.replace("\n", lineEnd).getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      framer.reset();
      framer.feed(bytes, 0, split, 1);
      framer.feed(bytes, split, bytes.length - split, 1);
      assertStreamEvents(1);
    }
  }

  @Test
  void oneByteAtATime() {
    byte[] bytes = STREAM.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      framer.feed(bytes, i, 1, 5);
    }
    assertStreamEvents(5);
  }

  @Test
  void anEventIsStampedWithTheReadThatCompletedIt() {
    byte[] first = "data: {\"x\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "\ndata: {\"y\":2}\n\ndata: {\"z\"".getBytes(StandardCharsets.UTF_8);
    byte[] third = ":3}\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(first, 0, first.length, 100);
    assertEquals(List.of(), events);
    framer.feed(second, 0, second.length, 200);
    framer.feed(third, 0, third.length, 300);
    assertEquals(
        List.of(new Event(false, "{\"x\":1}", 200), new Event(false, "{\"y\":2}", 200),
            new Event(false, "{\"z\":3}", 300)),
        drain());
  }

  @Test
  void severalEventsInOneReadShareItsTimestamp() {
    byte[] bytes = "data: 1\n\ndata: 2\n\ndata: 3\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, bytes.length, 9);
    assertEquals(
        List.of(new Event(false, "1", 9), new Event(false, "2", 9), new Event(false, "3", 9)), drain());
  }

  @Test
  void anEventWithoutDataIsNotDispatchedAndTheEventNameDoesNotLeak() {
    byte[] bytes = "event: error\n\n: keep-alive\n\ndata: ok\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, bytes.length, 1);
    assertEquals(List.of(new Event(false, "ok", 1)), drain());
  }

  @Test
  void anEmptyDataLineDispatchesAnEmptyPayload() {
    byte[] bytes = "data\n\ndata:\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, bytes.length, 1);
    assertEquals(List.of(new Event(false, "", 1), new Event(false, "", 1)), drain());
  }

  @Test
  void anUnfinishedEventIsNotDispatchedAndResetDropsIt() {
    byte[] bytes = "data: partial\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, bytes.length, 1);
    framer.reset();
    byte[] next = "\ndata: fresh\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(next, 0, next.length, 2);
    assertEquals(List.of(new Event(false, "fresh", 2)), drain());
  }

  @Test
  void largeEventsGrowTheBuffers() {
    String big = "x".repeat(100_000);
    byte[] bytes = ("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8);
    framer.feed(bytes, 0, 70_000, 1);
    framer.feed(bytes, 70_000, bytes.length - 70_000, 2);
    assertEquals(List.of(new Event(false, big, 2)), drain());
  }

  @Test
  void aLineOverTheCapStopsTheFramerWithoutGrowingPastItAndResetRecovers() {
    byte[] head = "data: ".getBytes(StandardCharsets.UTF_8);
    framer.feed(head, 0, head.length, 1);
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) 'x');
    int fed = 0;
    while (fed <= SseFramer.MAX_EVENT_BYTES + piece.length) { // bounded: just past the cap
      framer.feed(piece, 0, piece.length, 1);
      fed += piece.length;
    }
    assertTrue(framer.overflowed());
    byte[] end = "\n\ndata: after\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(end, 0, end.length, 2);
    assertEquals(List.of(), drain(), "nothing of an overflowed response is dispatched");
    framer.reset();
    org.junit.jupiter.api.Assertions.assertFalse(framer.overflowed());
    byte[] next = "data: fresh\n\n".getBytes(StandardCharsets.UTF_8);
    framer.feed(next, 0, next.length, 3);
    assertEquals(List.of(new Event(false, "fresh", 3)), drain());
  }

  @Test
  void manyDataLinesOverTheCapOverflowToo() {
    byte[] line = ("data: " + "y".repeat(1023) + "\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < SseFramer.MAX_EVENT_BYTES / 1024 + 2; i++) framer.feed(line, 0, line.length, 1);
    assertTrue(framer.overflowed());
  }

  private void assertStreamEvents(long nanos) {
    List<Event> got = drain();
    List<Event> expected = new ArrayList<>();
    for (String data : EXPECTED_DATA) {
      expected.add(new Event(data.startsWith("{\"error\""), data, nanos));
    }
    assertEquals(expected, got);
  }

  private List<Event> drain() {
    List<Event> got = List.copyOf(events);
    events.clear();
    return got;
  }
}
