package io.inferenceperf.data;

import java.util.ArrayDeque;

/**
 * The running conversations of {@link ConversationReplayData}, one per slot. Request i of a stage is round
 * r = i / n of slot c = i mod n, which is turn r mod T of the slot's conversation r / T (T: the conversation's
 * turns): when a conversation has used its turns the slot starts a new one with no history (a closed-loop refill).
 *
 * <p>A turn's prompt is the system prompt, the earlier exchanges (each the turn's text and the response) and the
 * turn's text, joined by spaces, as inference-perf's user sessions join them. It must fit max_model_len - max_tokens
 * - 200 tokens: the oldest exchanges are left out first (for good), then the system prompt is cut (for the rest of
 * the conversation), and if even the turn's text is too long, it is cut. Counts are kept per piece (by construction,
 * and the tokenizer's count of each response), so no prompt is re-encoded as a whole.
 */
final class ReplayConversations implements Conversations {

  /** Tokens kept free of the context for tokenization differences, as inference-perf keeps. */
  static final int CONTEXT_MARGIN = 200;

  private final ConversationReplayData data;
  private final int bosTokens;
  private final Slot[] slots;
  private int stageId;
  private String sharedPrompt;

  ReplayConversations(ConversationReplayData data) {
    this.data = data;
    this.bosTokens = data.tokenizer().countTokens("", true);
    this.slots = new Slot[data.conversationCount()];
    for (int c = 0; c < slots.length; c++) slots[c] = new Slot();
    stageStarting(0);
  }

  /** One past exchange: the turn's text and the response, with its token count. */
  private record Exchange(String text, int tokens) {}

  /** A slot's conversation: which one it is, its system prompt (maybe cut), its kept exchanges, the turn running. */
  private static final class Slot {
    long conversation = -1;
    String system;
    int systemTokens;
    final ArrayDeque<Exchange> history = new ArrayDeque<>();
    int historyTokens;
    String pendingText;
    int pendingTokens;
  }

  /** The session name of a slot's k-th conversation: inference-perf's names. */
  static String sessionId(int slot, long conversation) {
    return conversation == 0 ? "conv_" + slot : "slot_" + slot + "_convo_" + conversation;
  }

  @Override
  public int count() {
    return slots.length;
  }

  @Override
  public int sessionOf(long index) {
    return (int) (index % slots.length);
  }

  @Override
  public long roundOf(long index) {
    return (index / slots.length) % data.turns(sessionOf(index));
  }

  /** Which conversation of its slot request {@code index} belongs to (0 first, then one per refill). */
  long conversationOf(long index) {
    return (index / slots.length) / data.turns(sessionOf(index));
  }

  @Override
  public String sessionId(long index) {
    return sessionId(sessionOf(index), conversationOf(index));
  }

  @Override
  public synchronized void stageStarting(int stage) {
    this.stageId = stage;
    this.sharedPrompt = null;
    for (Slot slot : slots) {
      slot.conversation = -1;
      slot.system = null;
      slot.history.clear();
      slot.historyTokens = 0;
      slot.pendingText = null;
    }
  }

  @Override
  public synchronized Prompt startTurn(int stage, long index) {
    if (stage != stageId) stageStarting(stage);
    int c = sessionOf(index);
    int turn = (int) roundOf(index);
    Slot slot = slots[c];
    long conversation = conversationOf(index);
    if (slot.conversation != conversation) startConversation(slot, c, conversation);
    int maxTokens = data.outputTokens(c, turn);
    String user = data.turnText(c, turn);
    int userTokens = data.inputTokens(c, turn);
    int budget = data.maxModelLen() - maxTokens - CONTEXT_MARGIN - bosTokens;
    while (!slot.history.isEmpty() && slot.systemTokens + slot.historyTokens + userTokens > budget) {
      slot.historyTokens -= slot.history.removeFirst().tokens();
    }
    if (slot.systemTokens + userTokens > budget) {
      int forSystem = budget - userTokens;
      if (forSystem > 0) {
        slot.system = data.text().cutOpening(slot.system, forSystem);
        slot.systemTokens = forSystem;
      } else {
        slot.system = "";
        slot.systemTokens = 0;
        user = data.text().cutJoined(user, Math.max(1, budget));
        userTokens = Math.max(1, budget);
      }
    }
    slot.pendingText = user;
    slot.pendingTokens = userTokens;
    return new Prompt(join(slot, user), -1, maxTokens);
  }

  private void startConversation(Slot slot, int c, long conversation) {
    if (sharedPrompt == null) sharedPrompt = data.sharedSystemPrompt(stageId);
    slot.conversation = conversation;
    slot.system = data.systemPrompt(sharedPrompt, c);
    slot.systemTokens = data.systemTokens(c);
    slot.history.clear();
    slot.historyTokens = 0;
    slot.pendingText = null;
  }

  private static String join(Slot slot, String user) {
    StringBuilder prompt = new StringBuilder(slot.system);
    for (Exchange exchange : slot.history) {
      if (!prompt.isEmpty()) prompt.append(' ');
      prompt.append(exchange.text());
    }
    if (!prompt.isEmpty()) prompt.append(' ');
    return prompt.append(user).toString();
  }

  @Override
  public synchronized void turnSucceeded(long index, String generatedText) {
    Slot slot = slots[sessionOf(index)];
    if (slot.pendingText == null) {
      throw new IllegalStateException("no turn of conversation slot " + sessionOf(index) + " was started");
    }
    String text = generatedText.isEmpty() ? slot.pendingText : slot.pendingText + " " + generatedText;
    int tokens = slot.pendingTokens + data.text().countJoined(generatedText);
    slot.history.addLast(new Exchange(text, tokens));
    slot.historyTokens += tokens;
    slot.pendingText = null;
  }

  @Override
  public synchronized void turnFailed(long index) {
    slots[sessionOf(index)].pendingText = null;
  }

  @Override
  public long pauseNanosAfter(long index) {
    return data.pauseNanos(sessionOf(index), (int) roundOf(index));
  }

  /** Tokens of the prompt the slot's next turn of {@code userTokens} would send, BOS included (for tests). */
  synchronized int promptTokens(int slot, int userTokens) {
    return bosTokens + slots[slot].systemTokens + slots[slot].historyTokens + userTokens;
  }
}
