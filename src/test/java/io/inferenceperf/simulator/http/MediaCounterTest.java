package io.inferenceperf.simulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.simulator.metrics.MediaParts;
import org.junit.jupiter.api.Test;

/** The simulator reads media parts: counted with their decoded sizes, malformed ones refused with a reason. */
class MediaCounterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RequestParser.Parsed parse(String messagesJson) throws Exception {
    JsonNode body = JSON.readTree("{\"model\": \"m\", \"messages\": " + messagesJson + "}");
    return RequestParser.parse(true, body, 16);
  }

  @Test
  void mediaPartsAreCountedWithTheirDecodedBytesAndTheTextStillCounts() throws Exception {
    RequestParser.Parsed parsed = parse("""
        [{"role": "user", "content": [
          {"type": "text", "text": "look at this"},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
          {"type": "image_url", "image_url": {"url": "https://example.invalid/a.png"}},
          {"type": "video_url", "video_url": {"url": "data:video/mp4;base64,AAAAAA=="}},
          {"type": "input_audio", "input_audio": {"data": "AAAAAAA=", "format": "wav"}}]}]""");
    assertNull(parsed.error());
    assertEquals(new MediaParts(2, 1, 1, 3 + 4 + 5), parsed.request().media());
    assertTrue(parsed.request().prompt().count() > 0, "text parts are still tokens");
  }

  @Test
  void malformedMediaPartsAreBadRequests() throws Exception {
    assertTrue(parse("[{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": \"x\"}]}]").error()
        .contains("{\"image_url\": {\"url\": \"...\"}}"));
    assertTrue(parse("[{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\", \"input_audio\": {\"data\":"
        + " \"AA==\"}}]}]").error().contains("\"format\""));
  }
}
