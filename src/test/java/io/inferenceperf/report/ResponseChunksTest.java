package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseChunksTest {

  @Test
  void keepsOnlyTokenCarryingEventsInOrder() {
    String sse = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}\r\n\r\n"
        + ": a comment\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
        + "data: not json\n\n"
        + "data: {\"choices\":[{\"text\":\"a\",\n"
        + "data: \"index\":0}]}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"completion_tokens\":3}}\n\n"
        + "data: [DONE]\n\n";
    assertEquals(List.of(
            "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
            "{\"choices\":[{\"text\":\"a\",\n\"index\":0}]}"),
        ResponseChunks.tokenCarrying(sse));
  }

  @Test
  void lastEventWithoutBlankLineAndNoBodyAtAll() {
    assertEquals(List.of("{\"choices\":[{\"text\":\"x\"}]}"),
        ResponseChunks.tokenCarrying("data:{\"choices\":[{\"text\":\"x\"}]}"));
    assertEquals(List.of(), ResponseChunks.tokenCarrying(null));
  }
}
