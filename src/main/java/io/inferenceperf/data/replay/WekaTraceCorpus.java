package io.inferenceperf.data.replay;

import io.inferenceperf.config.WekaReplayConfig;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The sessions of data.type weka_trace_replay: one per trace, in an order shuffled by load.base_seed (as
 * inference-perf shuffles them), padded to duplicate_sessions_target with copies named {@code <id>_dupN}. The trace
 * files are checked when the corpus is opened; a session is rebuilt from its file when asked for, so only the
 * sessions being replayed are in memory. Thread-safe.
 */
public final class WekaTraceCorpus implements ReplayCorpus {

  private final List<WekaTraceFiles.Ref> refs;
  private final WekaReplayConfig config;
  private final Tokenizer tokenizer;
  private final BlockText text;
  private final int size;
  /** Random per opened corpus, so that session markers differ between runs. */
  private final long runNonce = new java.security.SecureRandom().nextLong();

  private WekaTraceCorpus(List<WekaTraceFiles.Ref> refs, WekaReplayConfig config, Tokenizer tokenizer,
      BlockText text) {
    this.refs = refs;
    this.config = config;
    this.tokenizer = tokenizer;
    this.text = text;
    Integer target = config.duplicateSessionsTarget();
    this.size = target == null ? refs.size() : Math.max(refs.size(), target);
  }

  /**
   * Checks every trace {@code config} names and opens the corpus.
   *
   * @param words the ids prompt text is drawn from ({@link io.inferenceperf.data.CorpusWordIds})
   * @param seed load.base_seed: the block text and the session order
   * @param skipped told about each trace skipped under skip_invalid_files
   * @throws ReplayFormatException naming the key, file, line, entry and field of the first problem
   */
  public static WekaTraceCorpus open(WekaReplayConfig config, Tokenizer tokenizer, int[] words, long seed,
      Consumer<String> skipped) {
    List<WekaTraceFiles.Ref> refs = new ArrayList<>(WekaTraceFiles.find(config, skipped));
    Collections.shuffle(refs, new Random(seed));
    return new WekaTraceCorpus(List.copyOf(refs), config, tokenizer, new BlockText(words, seed));
  }

  /** How many traces were read (without the copies). */
  public int traceCount() {
    return refs.size();
  }

  /** Whether sessions must carry a random marker: asked for, or copies that must not share a cached prefix. */
  public boolean markSessions() {
    return config.markSessions();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ReplaySession session(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("session " + index + " of " + size);
    }
    WekaTraceFiles.Ref ref = refs.get(index % refs.size());
    int copy = index / refs.size();
    WekaTrace trace = WekaTraceFiles.read(ref, config.defaultBlockSize());
    String id = copy == 0 ? trace.id() : trace.id() + "_dup" + copy;
    return new WekaSessionBuilder(text, tokenizer, config).build(trace, id, marker(index));
  }

  @Override
  public int eventCount(int index) {
    WekaTrace trace = WekaTraceFiles.read(refs.get(index % refs.size()), config.defaultBlockSize());
    return trace.entries().stream().mapToInt(e -> e instanceof WekaTrace.Subagent sa ? sa.requests().size() : 1)
        .sum();
  }

  /**
   * "[SESS:xxxxxxxxxxxx] " when sessions are made distinct (inject_random_session_id, copies), else "": the same
   * for every call of a session, different between sessions and between runs.
   */
  private String marker(int index) {
    if (!config.markSessions()) return "";
    return "[SESS:" + Long.toHexString(BlockText.mix(runNonce, index) >>> 16) + "] ";
  }
}
