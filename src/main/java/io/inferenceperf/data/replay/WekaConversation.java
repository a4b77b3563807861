package io.inferenceperf.data.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds one conversation (the parent's, or one subagent's) call by call from its hash blocks, as pieces of
 * token ids with a role. The first call is [system: the tool and system prompt blocks] [user: the other blocks, then
 * the partial last block]. Each later call keeps the earlier prompt up to the longest common prefix of the two
 * calls' hash ids (dropping what the trace rewound, and the previous partial block), then adds the new blocks: first
 * as many as the previous output filled (ceil(out / block size)) as the assistant's answer, the rest and the new
 * partial block as the user's turn. The answer is therefore the recorded text, not the server's live output, so
 * that every later prompt has the recorded blocks at the recorded places. Not thread-safe; one per conversation.
 */
final class WekaConversation {

  /**
   * Prompt tokens of one role: {@code blocks} whole hash blocks, or (blocks 0) the ids of a partial block.
   * Pieces are never changed, so later calls share them and their text.
   */
  static final class Piece {
    final String role;
    final int blocks;
    final int[] ids;
    private String text;

    Piece(String role, int blocks, int[] ids) {
      this.role = role;
      this.blocks = blocks;
      this.ids = ids;
    }

    /** The text of the ids (decoded once). */
    String text(Function<int[], String> decoder) {
      if (text == null) text = decoder.apply(ids);
      return text;
    }
  }

  /** Gives the concatenated ids of hash blocks {@code from} to {@code to} (exclusive) of a call. */
  interface Blocks {
    int[] ids(long[] hashIds, int from, int to);
  }

  private final int blockSize;
  private final Blocks blocks;
  private List<Piece> pieces = List.of();
  private long[] lastHashIds = new long[0];
  private int lastFullBlocks;

  WekaConversation(int blockSize, Blocks blocks) {
    this.blockSize = blockSize;
    this.blocks = blocks;
  }

  /** The pieces of the current call's prompt, in order. */
  List<Piece> pieces() {
    return pieces;
  }

  /** Whole hash blocks of a call with {@code inputTokens} and {@code hashIds}: those its input fills. */
  int fullBlocks(int inputTokens, long[] hashIds) {
    return Math.min(inputTokens / blockSize, hashIds.length);
  }

  /**
   * The first call: {@code prefixTokens} (tool + system) as a system message, then the user's blocks and
   * {@code tail} (the ids after the last whole block).
   */
  void start(long[] hashIds, int inputTokens, int prefixTokens, int[] tail) {
    int full = fullBlocks(inputTokens, hashIds);
    int prefixBlocks = Math.min(full, (prefixTokens + blockSize - 1) / blockSize);
    List<Piece> next = new ArrayList<>();
    add(next, "system", hashIds, 0, prefixBlocks);
    add(next, "user", hashIds, prefixBlocks, full);
    addTail(next, tail);
    remember(next, hashIds, full);
  }

  /**
   * The next call: rewinds to the common prefix with the previous call, then adds the previous answer and the new
   * user turn.
   *
   * @param previousOutputTokens the previous call's recorded output tokens
   * @return the assistant piece added (the previous call's answer), or null when no new block holds it
   */
  Piece advance(long[] hashIds, int inputTokens, int previousOutputTokens, int[] tail) {
    int full = fullBlocks(inputTokens, hashIds);
    int common = commonPrefix(lastHashIds, lastFullBlocks, hashIds, full);
    List<Piece> next = keep(common);
    int answerBlocks = previousOutputTokens <= 0 ? 0
        : Math.min(full - common, (previousOutputTokens + blockSize - 1) / blockSize);
    Piece answer = add(next, "assistant", hashIds, common, common + answerBlocks);
    add(next, "user", hashIds, common + answerBlocks, full);
    addTail(next, tail);
    remember(next, hashIds, full);
    return answer;
  }

  /** How many leading blocks two calls share (within their whole blocks). */
  static int commonPrefix(long[] a, int aBlocks, long[] b, int bBlocks) {
    int n = Math.min(aBlocks, bBlocks);
    int i = 0;
    while (i < n && a[i] == b[i]) i++;
    return i;
  }

  /** The pieces of the current prompt up to {@code blockCount} whole blocks; partial blocks are dropped. */
  private List<Piece> keep(int blockCount) {
    List<Piece> kept = new ArrayList<>();
    int covered = 0;
    for (Piece piece : pieces) {
      if (covered >= blockCount) break;
      if (piece.blocks == 0) continue;
      if (covered + piece.blocks <= blockCount) {
        kept.add(piece);
        covered += piece.blocks;
      } else {
        int keepBlocks = blockCount - covered;
        kept.add(new Piece(piece.role, keepBlocks, Arrays.copyOf(piece.ids, keepBlocks * blockSize)));
        covered = blockCount;
      }
    }
    return kept;
  }

  private Piece add(List<Piece> into, String role, long[] hashIds, int from, int to) {
    if (to <= from) return null;
    Piece piece = new Piece(role, to - from, blocks.ids(hashIds, from, to));
    into.add(piece);
    return piece;
  }

  private static void addTail(List<Piece> into, int[] tail) {
    if (tail.length > 0) into.add(new Piece("user", 0, tail));
  }

  private void remember(List<Piece> next, long[] hashIds, int full) {
    pieces = List.copyOf(next);
    lastHashIds = hashIds;
    lastFullBlocks = full;
  }
}
