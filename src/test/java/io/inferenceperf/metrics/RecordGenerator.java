package io.inferenceperf.metrics;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, seeded {@link RequestRecord}s that look like a real streaming run: reasoning and content chunks with
 * 1-3 tokens each, server usage present or missing, client/server count mismatches, non-streamed successes and every
 * failure kind. Same seed, same records.
 */
public final class RecordGenerator {

  /** Run origin: an arbitrary clock reading, as System.nanoTime() gives. */
  public static final long ORIGIN_NANOS = 5_000_000_000_000L;

  private final SplittableRandom random;
  private long seq;

  public RecordGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Records of a rate stage that starts at {@code startNanos}: request i is due at start + i / rate.
   *
   * @param lateEveryNanos extra schedule delay (the client falling behind) added to every 4th request; 0 for none
   * @param failureRate share of requests that fail
   */
  public List<RequestRecord> stage(
      int stageId, int count, double rate, long startNanos, long lateEveryNanos, double failureRate) {
    List<RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long intended = startNanos + (long) (i * 1e9 / rate);
      long delay = 20_000 + random.nextLong(400_000) + (i % 4 == 3 ? lateEveryNanos : 0);
      records.add(request(stageId, intended, intended + delay, random.nextDouble() < failureRate));
    }
    return records;
  }

  private RequestRecord request(int stageId, long intended, long sent, boolean fail) {
    int prompt = 100 + random.nextInt(200);
    boolean promptFromServer = random.nextInt(10) != 0;
    int cached = random.nextInt(3) == 0 ? random.nextInt(prompt / 2) : (random.nextBoolean() ? 0 : -1);
    int bytes = prompt * 4 + 120 + random.nextInt(40);
    if (fail) {
      return failure(stageId, intended, sent, prompt, promptFromServer, cached, bytes);
    }
    if (random.nextInt(12) == 0) {
      // a non-streamed response: no chunk at all
      int tokens = 20 + random.nextInt(60);
      long end = sent + 200_000_000L + random.nextLong(300_000_000L);
      return record(stageId, intended, sent, end, new long[0], new int[0], -1, prompt, promptFromServer, tokens,
          tokens, cached, bytes, 200, null);
    }
    return streamed(stageId, intended, sent, prompt, promptFromServer, cached, bytes);
  }

  private RequestRecord streamed(
      int stageId, long intended, long sent, int prompt, boolean promptFromServer, int cached, int bytes) {
    int chunks = 1 + random.nextInt(40);
    int reasoningChunks = random.nextInt(4) == 0 ? Math.min(chunks - 1, 1 + random.nextInt(5)) : 0;
    long[] times = new long[chunks];
    int[] tokens = new int[chunks];
    long at = sent + 20_000_000L + random.nextLong(60_000_000L);
    int total = 0;
    for (int c = 0; c < chunks; c++) {
      times[c] = at;
      tokens[c] = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
      total += tokens[c];
      at += 4_000_000L + random.nextLong(12_000_000L);
    }
    long end = times[chunks - 1] + 300_000 + random.nextLong(2_000_000);
    int server = random.nextInt(8) == 0 ? -1 : total;
    int client = random.nextInt(6) == 0 ? total + 1 : total;
    return record(stageId, intended, sent, end, times, tokens, times[reasoningChunks], prompt, promptFromServer,
        client, server, cached, bytes, 200, null);
  }

  private RequestRecord failure(
      int stageId, long intended, long sent, int prompt, boolean promptFromServer, int cached, int bytes) {
    int kind = random.nextInt(8);
    long end = sent + 1_000_000L + random.nextLong(50_000_000L);
    Failure failure =
        switch (kind) {
          case 0 -> Failure.http(503, "{\"error\":{\"message\":\"engine overloaded\",\"type\":\"server_error\"}}");
          case 1 -> Failure.http(429, "{\"error\":{\"message\":\"rate limited, retry later\"}}");
          case 2 -> Failure.http(400, "{\"error\":{\"message\":\"This model's maximum context length is 4096\"}}");
          case 3 -> Failure.http(404, "{\"message\":\"The model llama-9 does not exist (model_not_found)\"}");
          case 4 -> Failure.of(Failure.Kind.TIMEOUT, "no byte for 30 s (idle stream timeout)");
          case 5 -> Failure.of(Failure.Kind.CONNECTION, "connection refused: 127.0.0.1:8000");
          case 6 -> Failure.of(Failure.Kind.STREAM_CUT, "stream ended without [DONE]");
          default -> Failure.of(Failure.Kind.CUT_AT_STAGE_END, "still running when the stage ended");
        };
    boolean cut = kind == 6 || kind == 7;
    long[] times = cut ? new long[] {sent + 30_000_000L, sent + 40_000_000L} : new long[0];
    int[] tokens = cut ? new int[] {1, 1} : new int[0];
    if (cut) {
      end = sent + 45_000_000L;
    }
    int status = failure.kind() == Failure.Kind.HTTP_STATUS ? failure.httpStatus() : (cut ? 200 : 0);
    // a refused connection never writes the request: no send time
    long sentOrNone = failure.kind() == Failure.Kind.CONNECTION ? -1 : sent;
    return record(stageId, intended, sentOrNone, end, times, tokens, cut ? times[0] : -1, prompt, promptFromServer,
        cut ? 2 : 0, -1, cached, bytes, status, failure);
  }

  private RequestRecord record(
      int stageId, long intended, long sent, long end, long[] times, int[] tokens, long firstContent, int prompt,
      boolean promptFromServer, int client, int server, int cached, int bytes, int status, Failure failure) {
    long id = seq++;
    String request = "{\"model\":\"m\",\"prompt\":\"p" + id + "\",\"stream\":" + (times.length > 0) + "}";
    String response = failure != null && failure.kind() == Failure.Kind.HTTP_STATUS ? failure.message()
        : "data: {\"id\":\"" + id + "\"}\n\ndata: [DONE]\n\n";
    return new RequestRecord(id, stageId, intended, sent, end, times, tokens, firstContent, prompt,
        promptFromServer, client, server, cached, bytes, status, failure, "m", request, response, 0, -1, -1);
  }
}
