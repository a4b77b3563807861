package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.http.SimulatorEventCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast chunk scanner against Jackson's walker: for the simulator's real events, hand-written chunks of vLLM,
 * SGLang, TGI and OpenAI shapes, random chunks built from the fields servers send, and random mutations of all of
 * them, {@link ChunkDecoder#decode} (fast path, falling back) gives exactly what the Jackson-only path gives, or
 * fails exactly when it fails; and whenever the fast path gives up, it has left the output as it was. Fixed seed,
 * fixed counts.
 */
class FastChunkScannerDifferentialTest {

  private static final long SEED = 20_2612_07L;
  private static final int MUTATIONS_PER_INPUT = 150;
  private static final int RANDOM_CHUNKS = 3_000;
  /** Bytes around each event in its buffer: a scanner reading past its event's end would meet these. */
  private static final byte[] BEFORE = ascii("{\"x\":\"");
  private static final byte[] AFTER = ascii("\"}],\"text\":\"zz\"}");

  private final Counts counts = new Counts();

  @Test
  void simulatorEventsDecodeAlikeAndTakeTheFastPath() throws IOException {
    List<byte[]> events = SimulatorEventCorpus.payloads();
    assertTrue(events.size() > 40, "simulator events: " + events.size());
    for (byte[] event : events) {
      compareAllWays(event);
    }
    System.out.println("simulator events: " + counts);
    // Every well-formed simulator event is read by the fast path (when tool calls are not kept).
    assertEquals(counts.accepted, counts.fast, counts.toString());
  }

  @Test
  void serverSamplesDecodeAlike() throws IOException {
    for (String sample : ServerChunkSamples.ALL) {
      compareAllWays(sample.getBytes(StandardCharsets.UTF_8));
    }
    System.out.println("server samples: " + counts);
    assertTrue(counts.fast > 0 && counts.rejected > 0, counts.toString());
  }

  @Test
  void randomChunksDecodeAlike() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    RandomChunks generator = new RandomChunks(random);
    for (int i = 0; i < RANDOM_CHUNKS; i++) {
      compareAllWays(generator.chunk().getBytes(StandardCharsets.UTF_8));
    }
    System.out.println("random chunks: " + counts);
    assertTrue(counts.fast > RANDOM_CHUNKS / 4, counts.toString());
  }

  @Test
  void mutatedChunksDecodeAlike() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    List<byte[]> seeds = new ArrayList<>(SimulatorEventCorpus.payloads());
    for (String sample : ServerChunkSamples.ALL) {
      seeds.add(sample.getBytes(StandardCharsets.UTF_8));
    }
    RandomChunks generator = new RandomChunks(random);
    for (int i = 0; i < 100; i++) {
      seeds.add(generator.chunk().getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] seed : seeds) {
      for (int i = 0; i < MUTATIONS_PER_INPUT; i++) {
        compareAllWays(Mutations.mutate(seed, random));
      }
    }
    System.out.println("mutated chunks (" + seeds.size() + " seeds): " + counts);
    assertTrue(counts.rejected > 0 && counts.fast > 0, counts.toString());
  }

  /** With and without text kept, with and without tool calls kept, into a fresh and a used output. */
  private void compareAllWays(byte[] json) throws IOException {
    counts.inputs++;
    for (boolean capture : new boolean[] {false, true}) {
      for (boolean tools : new boolean[] {false, true}) {
        compare(json, capture, tools, false);
        compare(json, capture, tools, true);
      }
    }
    DecodedChunk probe = new DecodedChunk(false);
    if (ChunkDecoderPaths.decodeFast(json, 0, json.length, probe)) {
      counts.fast++;
    }
  }

  private void compare(byte[] json, boolean capture, boolean tools, boolean used) throws IOException {
    byte[] framed = frame(json);
    DecodedChunk expected = output(capture, tools, used);
    String expectedOutcome;
    try {
      ChunkDecoderPaths.decodeWithJackson(framed, BEFORE.length, json.length, expected);
      expectedOutcome = describe(expected);
      if (!capture && !tools && !used) {
        counts.accepted++;
      }
    } catch (IOException malformed) {
      expectedOutcome = "malformed";
      if (!capture && !tools && !used) {
        counts.rejected++;
      }
    }
    DecodedChunk actual = output(capture, tools, used);
    String actualOutcome;
    try {
      ChunkDecoder.decode(framed, BEFORE.length, json.length, actual);
      actualOutcome = describe(actual);
    } catch (IOException malformed) {
      actualOutcome = "malformed";
    }
    String input = new String(json, StandardCharsets.UTF_8);
    assertEquals(expectedOutcome, actualOutcome, () -> "capture=" + capture + " tools=" + tools + " used=" + used
        + " input: " + input + " bytes " + Arrays.toString(json));

    DecodedChunk untouched = output(capture, tools, used);
    String before = describe(untouched);
    if (!ChunkDecoderPaths.decodeFast(framed, BEFORE.length, json.length, untouched)) {
      assertEquals(before, describe(untouched), () -> "the fast path gave up but changed its output: " + input);
    } else {
      assertFalse(expectedOutcome.equals("malformed"), () -> "the fast path accepted malformed input: " + input);
    }
  }

  private static byte[] frame(byte[] json) {
    byte[] framed = new byte[BEFORE.length + json.length + AFTER.length];
    System.arraycopy(BEFORE, 0, framed, 0, BEFORE.length);
    System.arraycopy(json, 0, framed, BEFORE.length, json.length);
    System.arraycopy(AFTER, 0, framed, BEFORE.length + json.length, AFTER.length);
    return framed;
  }

  /** A fresh output, or one holding an earlier object's values (decoding adds to and overwrites them). */
  private static DecodedChunk output(boolean capture, boolean tools, boolean used) {
    DecodedChunk out = new DecodedChunk(capture);
    if (tools) {
      ChunkDecoderPaths.keepToolCalls(out);
    }
    if (used) {
      out.contentChars = 3;
      out.reasoningChars = 2;
      if (capture) {
        out.contentText.append("abc");
        out.reasoningText.append("de");
      }
      out.promptTokens = 11;
      out.completionTokens = 12;
      out.cachedTokens = 13;
      out.finishReason = "earlier";
    }
    return out;
  }

  private static String describe(DecodedChunk c) {
    return "content=" + c.contentChars + " reasoning=" + c.reasoningChars + " contentText=" + c.contentText
        + " reasoningText=" + c.reasoningText + " prompt=" + c.promptTokens + " completion=" + c.completionTokens
        + " cached=" + c.cachedTokens + " finish=" + c.finishReason + " error=" + c.error + " errorMessage="
        + c.errorMessage + " errorCode=" + c.errorCode + " streamEnd=" + c.streamEnd + " tools="
        + ChunkDecoderPaths.toolCallsOf(c);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static final class Counts {
    int inputs;
    int accepted;
    int rejected;
    int fast;

    @Override
    public String toString() {
      return inputs + " inputs, " + accepted + " valid for Jackson, " + rejected + " malformed for Jackson, " + fast
          + " taken by the fast path";
    }
  }
}
