package io.inferenceperf.data;

import io.inferenceperf.config.ConversationReplayConfig;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * inference-perf's {@code conversation_replay}: {@code num_conversations} synthetic conversations run side by side,
 * each a system prompt (a part shared by all, fresh each stage, then the conversation's own part) and a number of
 * user turns of sampled lengths. Request i is the next turn of conversation slot i mod n; when a conversation has
 * run all its turns its slot starts a new one (a closed-loop refill), which replays the same turns under a new
 * session id. The lengths are sampled at start-up from one seeded stream, as inference-perf does; the texts are made
 * when needed from streams of (seed, conversation, turn), of exact token counts ({@link ConversationText}). The
 * turns' prompts, with the conversation so far, are built by {@link ReplayConversations}.
 */
public final class ConversationReplayData implements MultiTurnData {

  private final ConversationReplayConfig config;
  private final Tokenizer tokenizer;
  private final ConversationText text;
  private final int[] turns;
  private final int[] dynamicTokens;
  private final int[][] inputTokens;
  private final int[][] outputTokens;
  private final long[][] pauseNanos;
  private final String description;

  ConversationReplayData(ConversationReplayConfig config, Tokenizer tokenizer) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.text = new ConversationText(tokenizer);
    int n = config.numConversations();
    SplittableRandom random = new SplittableRandom(config.seed());
    LengthSampler turnCounts = new LengthSampler(config.turnsPerConversation(), true);
    LengthSampler dynamic = new LengthSampler(config.dynamicSystemPromptLen(), true);
    this.turns = new int[n];
    this.dynamicTokens = new int[n];
    for (int c = 0; c < n; c++) turns[c] = Math.max(1, turnCounts.sample(random));
    for (int c = 0; c < n; c++) dynamicTokens[c] = dynamic.sample(random);
    this.inputTokens = perTurn(new LengthSampler(config.inputTokensPerTurn(), true), random);
    this.outputTokens = perTurn(new LengthSampler(config.outputTokensPerTurn(), true), random);
    this.pauseNanos = config.toolCallLatencySec() == null ? null : pauses(config.toolCallLatencySec(), random);
    this.description = describe(config, text.exactWhenJoined());
  }

  private int[][] perTurn(LengthSampler sampler, SplittableRandom random) {
    int[][] lengths = new int[turns.length][];
    for (int c = 0; c < turns.length; c++) {
      lengths[c] = new int[turns[c]];
      for (int t = 0; t < turns[c]; t++) lengths[c][t] = sampler.sample(random);
    }
    return lengths;
  }

  /** Tool-call pauses in seconds, kept to the nanosecond (inference-perf rounds them to whole seconds). */
  private long[][] pauses(Distribution seconds, SplittableRandom random) {
    LengthSampler sampler = new LengthSampler(seconds, true);
    long[][] nanos = new long[turns.length][];
    for (int c = 0; c < turns.length; c++) {
      nanos[c] = new long[turns[c]];
      for (int t = 0; t < turns[c]; t++) nanos[c][t] = Math.round(sampler.sampleReal(random) * 1e9);
    }
    return nanos;
  }

  private static String describe(ConversationReplayConfig config, boolean exactWhenJoined) {
    return "conversation_replay (" + config.numConversations() + " conversations, shared system prompt "
        + config.sharedSystemPromptLen() + " tokens, own system prompt "
        + new LengthSampler(config.dynamicSystemPromptLen(), true).describe() + ", turns "
        + new LengthSampler(config.turnsPerConversation(), true).describe() + ", input "
        + new LengthSampler(config.inputTokensPerTurn(), true).describe() + ", output "
        + new LengthSampler(config.outputTokensPerTurn(), true).describe()
        + (config.toolCallLatencySec() == null ? "" : ", tool call pause " + describeSeconds(config.toolCallLatencySec()))
        + ", max_model_len " + config.maxModelLen()
        + (exactWhenJoined ? "" : "; pieces exact alone, a join may merge a token") + ")";
  }

  private static String describeSeconds(Distribution seconds) {
    return seconds.type() == Distribution.Type.FIXED
        ? "fixed " + Math.max(seconds.min(), Math.min(seconds.max(), seconds.mean())) + " s"
        : new LengthSampler(seconds, true).describe() + " s";
  }

  int conversationCount() {
    return turns.length;
  }

  int turns(int conversation) {
    return turns[conversation];
  }

  int inputTokens(int conversation, int turn) {
    return inputTokens[conversation][turn];
  }

  int outputTokens(int conversation, int turn) {
    return outputTokens[conversation][turn];
  }

  long pauseNanos(int conversation, int turn) {
    return pauseNanos == null ? 0 : pauseNanos[conversation][turn];
  }

  int maxModelLen() {
    return config.maxModelLen();
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  ConversationText text() {
    return text;
  }

  /** Tokens of {@code conversation}'s system prompt: the shared part and its own. */
  int systemTokens(int conversation) {
    return config.sharedSystemPromptLen() + dynamicTokens[conversation];
  }

  /** The shared part of the system prompt in {@code stageId}: fresh each stage, so no stage finds another's cached. */
  String sharedSystemPrompt(int stageId) {
    return text.opening(stream(stageId, -1), config.sharedSystemPromptLen());
  }

  /** The system prompt of {@code conversation} with the stage's shared part. */
  String systemPrompt(String shared, int conversation) {
    SplittableRandom random = stream(-2, conversation);
    if (shared.isEmpty()) return text.opening(random, dynamicTokens[conversation]);
    String own = text.joined(random, dynamicTokens[conversation]);
    return own.isEmpty() ? shared : shared + " " + own;
  }

  /** The user text of turn {@code turn} of {@code conversation} (the same in every refill and stage). */
  String turnText(int conversation, int turn) {
    return text.joined(stream(-3 - conversation, turn), inputTokens[conversation][turn]);
  }

  private SplittableRandom stream(long group, long index) {
    return Seeds.stream(config.seed(), Seeds.Purpose.CONVERSATION, group, index);
  }

  /** The conversations' first turns, as sessions (used for a session-by-session view, e.g. counting them). */
  @Override
  public List<SessionSeed> sessions() {
    String shared = sharedSystemPrompt(0);
    List<SessionSeed> seeds = new ArrayList<>(turns.length);
    for (int c = 0; c < turns.length; c++) {
      seeds.add(new SessionSeed(ReplayConversations.sessionId(c, 0), systemPrompt(shared, c), turnText(c, 0),
          outputTokens[c][0]));
    }
    return seeds;
  }

  @Override
  public Conversations conversations() {
    return new ReplayConversations(this);
  }

  /** The turn's prompt on a fresh conversation (no history), e.g. for warm-up. */
  @Override
  public Prompt prompt(int stageId, long index) {
    int c = (int) (index % turns.length);
    int turn = (int) ((index / turns.length) % turns[c]);
    String system = systemPrompt(sharedSystemPrompt(stageId), c);
    String user = turnText(c, turn);
    return new Prompt(system.isEmpty() ? user : system + " " + user, -1, outputTokens[c][turn]);
  }

  @Override
  public String describe() {
    return description;
  }
}
