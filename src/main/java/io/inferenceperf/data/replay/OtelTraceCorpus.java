package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.OtelTraceReplayConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The sessions of data.type otel_trace_replay: one per trace record (a file, or a row of a Hugging Face dataset),
 * in an order shuffled with load.base_seed, then padded with {@code <id>_dupN} copies up to
 * duplicate_sessions_target. A session's graph is built when it is first asked for, from the record read again
 * (only the records' places are held), so the corpus costs little memory however many traces it has.
 */
public final class OtelTraceCorpus implements ReplayCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DUPLICATE = Pattern.compile(".*_dup\\d+$");

  private final List<OtelTraceSources.Record> records;
  private final List<String> sessionIds = new ArrayList<>();
  /** For each session, the record it replays. */
  private final List<Integer> recordOf = new ArrayList<>();
  private final OtelTraceReplayConfig config;
  private final long seed;

  OtelTraceCorpus(List<OtelTraceSources.Record> records, OtelTraceReplayConfig config, long seed) {
    this.records = List.copyOf(records);
    this.config = config;
    this.seed = seed;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    for (int slot = 0; slot < order.size(); slot++) {
      sessionIds.add("trace" + slot + "_" + records.get(order.get(slot)).sessionId());
      recordOf.add(order.get(slot));
    }
    Integer target = config.duplicateSessionsTarget();
    int originals = order.size();
    for (int copy = 1; target != null && originals > 0 && sessionIds.size() < target; copy++) {
      int slot = (copy - 1) % originals;
      sessionIds.add(sessionIds.get(slot) + "_dup" + copy);
      recordOf.add(order.get(slot));
    }
  }

  /**
   * Reads the traces {@code config} names (their places, filtered) into a corpus.
   *
   * @param hubRows the rows of config.hfDataset() as a JSONL file (fetched by the caller), or null
   * @throws ReplayFormatException naming the key, the file and the problem
   */
  public static OtelTraceCorpus load(OtelTraceReplayConfig config, long seed, java.nio.file.Path hubRows) {
    return new OtelTraceCorpus(OtelTraceSources.read(config, hubRows), config, seed);
  }

  @Override
  public int size() {
    return sessionIds.size();
  }

  /** The session ids in corpus order. */
  public List<String> sessionIds() {
    return List.copyOf(sessionIds);
  }

  @Override
  public ReplaySession session(int index) {
    String sessionId = sessionIds.get(index);
    OtelTraceSources.Record record = records.get(recordOf.get(index));
    List<OtelCall> calls;
    try {
      calls = OtelCall.fromSpans(spans(record), config.includeErrors());
    } catch (ReplayFormatException e) {
      throw e.getMessage().startsWith(record.source()) ? e
          : new ReplayFormatException(record.source() + ": " + e.getMessage());
    }
    if (calls.isEmpty()) {
      throw new ReplayFormatException(record.source() + ": no LLM spans (chat spans with gen_ai.input.messages"
          + (config.includeErrors() ? "" : ", not in error") + ")");
    }
    boolean distinct = config.injectRandomSessionId() || DUPLICATE.matcher(sessionId).matches();
    OtelGraph.Settings settings = new OtelGraph.Settings(config.maxWaitMs(), !config.disableOutputSubstitution(),
        distinct ? marker(index) : null, config.attributeToHeaderMap(), config.attributeToLabelMap(),
        config.overrideToolCallMaxTokens());
    try {
      return new ReplaySession(sessionId, record.source(), OtelGraph.events(calls, settings));
    } catch (IllegalArgumentException e) {
      throw new ReplayFormatException(record.source() + ": " + e.getMessage());
    }
  }

  private static JsonNode spans(OtelTraceSources.Record record) {
    JsonNode root;
    try {
      root = JSON.readTree(record.read());
    } catch (IOException e) {
      throw new ReplayFormatException(record.source() + ": cannot be read again (" + e.getMessage() + ")");
    }
    JsonNode spans = root == null ? null : root.get("spans");
    if (spans != null && spans.isTextual()) {
      try {
        spans = JSON.readTree(spans.asText());
      } catch (IOException e) {
        throw new ReplayFormatException(record.source() + ": 'spans' is a string that is not JSON");
      }
    }
    if (spans == null || !spans.isArray() || spans.isEmpty()) {
      throw new ReplayFormatException(record.source() + ": no spans");
    }
    return spans;
  }

  /** The per-session text that makes a session's unique prompts its own: 16 hex digits from the seed and index. */
  private String marker(int index) {
    long bits = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
    return HexFormat.of().toHexDigits(bits);
  }
}
