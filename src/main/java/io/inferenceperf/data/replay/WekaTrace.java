package io.inferenceperf.data.replay;

import java.util.List;

/**
 * One Weka KV-cache-tester trace (a coding-agent conversation): its calls as recorded, with block hash ids instead
 * of text. Times are seconds from the start of the conversation.
 *
 * @param id the trace's id, unique in the corpus
 * @param source where it was read (file, and line of a .jsonl file), for messages and reports
 * @param blockSize tokens per hash block
 * @param toolTokens tokens of the tool definitions that open the parent's prompts
 * @param systemTokens tokens of the system prompt after them
 * @param globalHashIds true when hash ids mean the same block in every trace (hash_id_scope: global)
 * @param entries the parent's calls and the subagents it spawned, in recorded order
 */
record WekaTrace(String id, String source, int blockSize, int toolTokens, int systemTokens, boolean globalHashIds,
    List<Entry> entries) {

  WekaTrace {
    entries = List.copyOf(entries);
  }

  /** A parent call or a subagent spawn. */
  sealed interface Entry {}

  /**
   * One recorded LLM call (type n, or s for a streamed one).
   *
   * @param startSeconds t: when it started (a subagent's calls: from the subagent's start)
   * @param inputTokens in
   * @param outputTokens out, or -1 when not recorded
   * @param hashIds the hash ids of its prompt's full blocks, in order
   * @param apiSeconds api_time: how long the server took, or -1 when not recorded
   * @param thinkSeconds think_time: the client's delay before it, or -1 when not recorded
   */
  record Request(double startSeconds, int inputTokens, int outputTokens, long[] hashIds, double apiSeconds,
      double thinkSeconds) implements Entry {

    /** When it ended: its start plus api_time (its start when that is not recorded). */
    double endSeconds() {
      return startSeconds + Math.max(0, apiSeconds);
    }
  }

  /**
   * A subagent the parent spawned: its own conversation of calls, run alongside the parent's other subagents.
   *
   * @param seconds t as recorded (in the published traces: when the subagent finished)
   * @param agentId agent_id
   * @param durationSeconds duration_ms in seconds, or -1 when not recorded
   * @param toolTokens its tool definitions' tokens
   * @param systemTokens its system prompt's tokens
   * @param requests its calls, one after another
   */
  record Subagent(double seconds, String agentId, double durationSeconds, int toolTokens, int systemTokens,
      List<Request> requests) implements Entry {

    Subagent {
      requests = List.copyOf(requests);
    }
  }
}
