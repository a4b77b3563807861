package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.metrics.RecordGenerator;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerRequestFileWriterTest {

  private static final long MS = 1_000_000L;
  private static final long ORIGIN = 1_000 * MS;

  private static RequestRecord streamed() {
    return new RequestRecord(7, 2, ORIGIN + 100 * MS, ORIGIN + 101 * MS, ORIGIN + 200 * MS,
        new long[] {ORIGIN + 131 * MS, ORIGIN + 141 * MS}, new int[] {1, 2}, ORIGIN + 141 * MS, 40, true, 3, 4, 8,
        222, 200, null, "llama", "{\"prompt\":\"hi\"}", "data: {}\n\n", 0, -1, -1);
  }

  @Test
  void entriesHaveInferencePerfKeysAndOurs(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("per_request_lifecycle_metrics.json");
    try (PerRequestFileWriter writer = new PerRequestFileWriter(file, ORIGIN, false, () -> 0L)) {
      writer.append(streamed());
    }
    JsonNode entry = JsonFormat.MAPPER.readTree(file.toFile()).get(0);
    assertEquals(0.101, entry.get("start_time").doubleValue(), 1e-12);
    assertEquals(0.2, entry.get("end_time").doubleValue(), 1e-12);
    assertEquals("{\"prompt\":\"hi\"}", entry.get("request").asText());
    assertEquals("data: {}\n\n", entry.get("response").asText());
    JsonNode info = entry.get("info");
    assertEquals(40, info.at("/request_metrics/text/input_tokens").asInt());
    assertEquals(3, info.at("/response_metrics/output_tokens").asInt());
    assertEquals(4, info.at("/response_metrics/server_usage/completion_tokens").asInt());
    assertEquals(8, info.at("/response_metrics/server_usage/prompt_tokens_details/cached_tokens").asInt());
    assertEquals(2, info.at("/response_metrics/chunk_times").size());
    JsonNode tokenTimes = info.at("/response_metrics/output_token_times");
    assertEquals(3, tokenTimes.size(), "the second chunk carried two tokens");
    assertEquals(0.141, tokenTimes.get(2).doubleValue(), 1e-12);
    assertTrue(entry.get("error").isNull());
    assertEquals(2, entry.get("stage_id").asInt());
    assertEquals(0.1, entry.get("scheduled_time").doubleValue(), 1e-12);
    assertEquals(0.099, entry.get("request_latency").doubleValue(), 1e-12);
    assertEquals(0.03, entry.get("ttft").doubleValue(), 1e-12);
    assertEquals(0.04, entry.get("time_to_first_content_token").doubleValue(), 1e-12);
    assertEquals(0.01 / 2, entry.get("tpot").doubleValue(), 1e-12, "(141 - 131) ms / (3 - 1) client tokens");
  }

  @Test
  void failuresCarryTheirTypeMessageAndLabel(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("f.json");
    RequestRecord failed = new RequestRecord(1, 0, ORIGIN, ORIGIN, ORIGIN + 5 * MS, new long[0], new int[0], -1, 9,
        false, 0, -1, -1, 10, 503, Failure.http(503, "{\"error\":{\"message\":\"busy\"}}"), "m", null, null, 0, -1, -1);
    try (PerRequestFileWriter writer = new PerRequestFileWriter(file, ORIGIN, false, () -> 0L)) {
      writer.append(failed);
    }
    JsonNode entry = JsonFormat.MAPPER.readTree(file.toFile()).get(0);
    assertEquals("HTTP Error 503", entry.at("/error/error_type").asText());
    assertEquals("503 - Service Unavailable", entry.at("/error/label").asText());
    assertTrue(entry.at("/info/response_metrics/server_usage").isNull());
    assertTrue(entry.get("ttft").isNull());
    assertTrue(entry.get("request").isNull());
  }

  @Test
  void anEmptyRunIsAnEmptyArray(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("empty.json");
    new PerRequestFileWriter(file, ORIGIN, false, () -> 0L).close();
    assertEquals(0, JsonFormat.MAPPER.readTree(file.toFile()).size());
  }

  @Test
  void flushesOnItsIntervalSoACrashKeepsTheEntries(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("crash.json");
    AtomicLong now = new AtomicLong();
    PerRequestFileWriter writer =
        new PerRequestFileWriter(Files.newOutputStream(file), ORIGIN, false, now::get, 1000 * MS);
    List<RequestRecord> records = new RecordGenerator(3).stage(0, 5, 10, ORIGIN, 0, 0.3);
    writer.append(records.get(0));
    writer.append(records.get(1));
    assertEquals("[", Files.readString(file), "nothing flushed before the interval");
    now.set(1000 * MS);
    writer.append(records.get(2));
    // the process dies here: no close(). What was flushed is a JSON array missing only its closing bracket.
    String crashed = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode recovered = JsonFormat.MAPPER.readTree(crashed + "\n]");
    assertEquals(3, recovered.size());
    assertEquals(records.get(2).seq(), recovered.get(2).get("seq").asLong());
    writer.close();
    assertEquals(3, JsonFormat.MAPPER.readTree(file.toFile()).size());
  }

  @Test
  void appendingAfterCloseIsAnError(@TempDir Path folder) throws Exception {
    PerRequestFileWriter writer = new PerRequestFileWriter(folder.resolve("x.json"), ORIGIN, false, () -> 0L);
    writer.close();
    writer.close();
    assertThrows(IllegalStateException.class, () -> writer.append(streamed()));
  }
}
