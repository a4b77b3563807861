package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.ConversationReplayConfig;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.SharedPrefixConfig;
import io.inferenceperf.config.TokenizerConfig;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.tokenizer.TokenizerLoadResult;
import io.inferenceperf.tokenizer.TokenizerLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * conversation_replay's conversations with real tokenizers: every length re-counted by the tokenizer, the history and
 * its truncation, the refill of a slot, the fresh shared prefix of each stage, the tool-call pauses.
 */
class ConversationReplayDataTest {

  private static final Distribution UNIFORM_INPUT = TestConfigs.of(Distribution.Type.UNIFORM, 5, 60, 0, 0);

  private static ConversationReplayConfig config(int conversations, int shared, Distribution dynamic, int turns,
      Distribution input, int output, Distribution pause, int maxModelLen) {
    return new ConversationReplayConfig(99, conversations, shared, dynamic, SharedPrefixConfig.fixed(turns), input,
        SharedPrefixConfig.fixed(output), pause, maxModelLen);
  }

  private static ConversationReplayData create(ConversationReplayConfig config, Tokenizer tokenizer) {
    DataConfig data = new DataConfig(DataType.CONVERSATION_REPLAY, null, null, null, null, false, null, null, null,
        config, null);
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, data, 1), tokenizer);
    if (result instanceof DataGeneratorResult.Invalid invalid) {
      throw new AssertionError("unexpected problems: " + invalid.problems());
    }
    return assertInstanceOf(ConversationReplayData.class, ((DataGeneratorResult.Ready) result).generator());
  }

  private static List<String> problems(ConversationReplayConfig config, ApiType api) {
    DataConfig data = new DataConfig(DataType.CONVERSATION_REPLAY, null, null, null, null, false, null, null, null,
        config, null);
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(api, data, 1), RealTokenizers.load("gpt2"));
    return assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems();
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama3", "qwen3", "gpt2"})
  void everyPieceAndEveryPromptHasExactlyItsLength(String name) {
    Tokenizer tokenizer = RealTokenizers.load(name);
    ConversationReplayData data = create(config(3, 40, TestConfigs.of(Distribution.Type.UNIFORM, 0, 30, 0, 0), 4,
        UNIFORM_INPUT, 20, null, 100_000), tokenizer);
    assertTrue(data.text().exactWhenJoined(), "byte-level BPE tokenizers take the word path");
    Conversations conversations = data.conversations();
    int bos = tokenizer.countTokens("", true);
    for (long index = 0; index < 12; index++) {
      int c = conversations.sessionOf(index);
      int turn = (int) conversations.roundOf(index);
      int expected = bos + data.systemTokens(c);
      for (int earlier = 0; earlier < turn; earlier++) {
        expected += data.inputTokens(c, earlier) + data.text().countJoined(reply(earlier));
      }
      expected += data.inputTokens(c, turn);
      Prompt prompt = conversations.startTurn(0, index);
      assertEquals(expected, tokenizer.countTokens(prompt.text(), true), "prompt of request " + index);
      assertEquals(20, prompt.maxTokens());
      assertEquals(data.inputTokens(c, turn), tokenizer.countTokens(" " + data.turnText(c, turn), false));
      conversations.turnSucceeded(index, reply(turn));
    }
    String shared = data.sharedSystemPrompt(0);
    assertEquals(40, tokenizer.countTokens(shared, false));
    for (int c = 0; c < 3; c++) {
      assertEquals(data.systemTokens(c), tokenizer.countTokens(data.systemPrompt(shared, c), false));
    }
  }

  /** A model's answer made of words, as the simulator's are. */
  private static String reply(int turn) {
    return "the answer to turn " + turn + " is here.";
  }

  @Test
  void sentencePieceModelsMakeEachPieceExactOnItsOwn() throws Exception {
    Path folder = Path.of(getClass().getResource("/sentencepiece/tokenizer.model").toURI()).getParent();
    TokenizerLoadResult result = TokenizerLoader.load(new TokenizerConfig(folder.toString(), false, null), null,
        HubSettings.from(java.util.Map.of(), folder, null));
    Tokenizer tokenizer = assertInstanceOf(TokenizerLoadResult.Loaded.class, result).tokenizer();
    ConversationReplayData data = create(config(2, 30, SharedPrefixConfig.fixed(12), 3, UNIFORM_INPUT, 10, null,
        100_000), tokenizer);
    assertFalse(data.text().exactWhenJoined(), "too few whole-word tokens: the fix-up loop makes each piece");
    assertTrue(data.describe().contains("pieces exact alone"), data.describe());
    String shared = data.sharedSystemPrompt(0);
    assertEquals(30, tokenizer.countTokens(shared, false));
    for (int c = 0; c < 2; c++) {
      for (int turn = 0; turn < 3; turn++) {
        assertEquals(data.inputTokens(c, turn), tokenizer.countTokens(" " + data.turnText(c, turn), false));
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameConversationsAndEachConversationItsOwnSystemPart() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    ConversationReplayConfig config = config(3, 25, SharedPrefixConfig.fixed(15), 2, UNIFORM_INPUT, 8, null, 50_000);
    ConversationReplayData one = create(config, tokenizer);
    ConversationReplayData two = create(config, tokenizer);
    for (long index = 0; index < 6; index++) {
      assertEquals(one.prompt(0, index), two.prompt(0, index));
    }
    String shared = one.sharedSystemPrompt(0);
    assertNotEquals(one.systemPrompt(shared, 0), one.systemPrompt(shared, 1));
    assertTrue(one.systemPrompt(shared, 1).startsWith(shared + " "));
  }

  @Test
  void eachStageHasAFreshSharedPrefixThatAllItsConversationsShare() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    ConversationReplayData data = create(config(3, 30, SharedPrefixConfig.fixed(10), 3, UNIFORM_INPUT, 8, null,
        50_000), tokenizer);
    Conversations conversations = data.conversations();
    String stage0 = data.sharedSystemPrompt(0);
    String stage1 = data.sharedSystemPrompt(1);
    assertNotEquals(stage0, stage1);
    assertEquals(30, tokenizer.countTokens(stage1, false));
    for (long index = 0; index < 3; index++) {
      assertTrue(conversations.startTurn(0, index).text().startsWith(stage0 + " "));
      conversations.turnSucceeded(index, "ok");
    }
    conversations.stageStarting(1);
    for (long index = 0; index < 3; index++) {
      Prompt prompt = conversations.startTurn(1, index);
      assertTrue(prompt.text().startsWith(stage1 + " "), "stage 1 conversations start over on its own prefix");
      String own = data.systemPrompt(stage0, (int) index).substring(stage0.length());
      assertEquals(data.systemPrompt(stage1, (int) index), stage1 + own, "the conversation's own part stays");
      assertFalse(prompt.text().contains(" ok "), "no history from stage 0");
      conversations.turnSucceeded(index, "ok");
    }
  }

  @Test
  void aSlotThatRanAllItsTurnsStartsANewConversation() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    ConversationReplayData data = create(config(2, 20, SharedPrefixConfig.fixed(0), 2, UNIFORM_INPUT, 8, null,
        50_000), tokenizer);
    Conversations conversations = data.conversations();
    String[] prompts = new String[6];
    for (long index = 0; index < 6; index++) {
      prompts[(int) index] = conversations.startTurn(0, index).text();
      conversations.turnSucceeded(index, "reply" + index);
    }
    assertEquals(List.of("conv_0", "conv_1", "conv_0", "conv_1", "slot_0_convo_1", "slot_1_convo_1"),
        List.of(0L, 1L, 2L, 3L, 4L, 5L).stream().map(conversations::sessionId).toList());
    assertEquals(List.of(0L, 0L, 1L, 1L, 0L, 0L),
        List.of(0L, 1L, 2L, 3L, 4L, 5L).stream().map(conversations::roundOf).toList());
    assertTrue(prompts[2].startsWith(prompts[0] + " reply0 "), "turn 1 carries turn 0 and its answer");
    assertEquals(prompts[0], prompts[4], "the new conversation replays the first from an empty history");
    assertFalse(prompts[5].contains("reply"));
  }

  @Test
  void aFailedTurnLeavesTheConversationAsItWas() {
    Tokenizer tokenizer = RealTokenizers.load("gpt2");
    ConversationReplayData data = create(config(1, 20, SharedPrefixConfig.fixed(0), 5, UNIFORM_INPUT, 8, null,
        50_000), tokenizer);
    Conversations conversations = data.conversations();
    String first = conversations.startTurn(0, 0).text();
    conversations.turnSucceeded(0, "fine");
    String second = conversations.startTurn(0, 1).text();
    conversations.turnFailed(1);
    String third = conversations.startTurn(0, 2).text();
    assertTrue(third.startsWith(first + " fine " ), third);
    assertFalse(third.contains(data.turnText(0, 1)), "the failed turn's text is not in the history");
    assertNotEquals(second, third);
  }

  @Test
  void theOldestExchangesGoFirstThenTheSystemPromptIsCutThenTheTurn() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    int bos = tokenizer.countTokens("", true);
    int output = 10;
    // Room for the system prompt (50) and two exchanges of 20 + 5 tokens and a turn of 20, not three.
    int budget = 50 + 2 * 25 + 20;
    int maxModelLen = budget + output + ReplayConversations.CONTEXT_MARGIN + bos;
    ConversationReplayData data = create(config(1, 50, SharedPrefixConfig.fixed(0), 50, SharedPrefixConfig.fixed(20),
        output, null, maxModelLen), tokenizer);
    Conversations conversations = data.conversations();
    String reply = "one two three four five"; // 5 tokens after a space
    assertEquals(5, data.text().countJoined(reply));
    String system = data.systemPrompt(data.sharedSystemPrompt(0), 0);
    for (long index = 0; index < 6; index++) {
      String prompt = conversations.startTurn(0, index).text();
      int tokens = tokenizer.countTokens(prompt, true);
      assertTrue(tokens <= maxModelLen - output - ReplayConversations.CONTEXT_MARGIN, "turn " + index + ": " + tokens);
      assertTrue(prompt.startsWith(system), "the system prompt stays whole while exchanges can go");
      assertEquals(bos + 50 + Math.min(index, 2) * 25 + 20, tokens, "turn " + index + " keeps the last two exchanges");
      if (index >= 3) {
        assertFalse(prompt.contains(data.turnText(0, (int) index - 3)), "the oldest exchange is gone");
      }
      assertTrue(prompt.endsWith(data.turnText(0, (int) index)));
      conversations.turnSucceeded(index, reply);
    }

    // A turn longer than the room left after the system prompt: the system prompt is cut to fit.
    ConversationReplayData cutSystem = create(config(1, 50, SharedPrefixConfig.fixed(0), 3,
        SharedPrefixConfig.fixed(90), output, null, maxModelLen), tokenizer);
    Conversations c2 = cutSystem.conversations();
    String prompt = c2.startTurn(0, 0).text();
    assertEquals(bos + budget, tokenizer.countTokens(prompt, true), "system cut to " + (budget - 90) + " tokens");
    assertTrue(prompt.endsWith(cutSystem.turnText(0, 0)));

    // A turn longer than the whole room: no system prompt, and the turn's text is cut.
    ConversationReplayData cutTurn = create(config(1, 50, SharedPrefixConfig.fixed(0), 3,
        SharedPrefixConfig.fixed(budget + 30), output, null, maxModelLen), tokenizer);
    String alone = cutTurn.conversations().startTurn(0, 0).text();
    assertEquals(budget, tokenizer.countTokens(" " + alone, false));
  }

  @Test
  void toolCallPausesKeepFractionsOfASecond() {
    Tokenizer tokenizer = RealTokenizers.load("gpt2");
    Distribution pause = new Distribution(0, 2, 0.25, 0, null, Distribution.Type.FIXED, null, 0);
    ConversationReplayData data = create(config(2, 10, SharedPrefixConfig.fixed(0), 3, UNIFORM_INPUT, 8, pause,
        50_000), tokenizer);
    Conversations conversations = data.conversations();
    for (long index = 0; index < 6; index++) {
      assertEquals(250_000_000L, conversations.pauseNanosAfter(index));
    }
    Distribution spread = new Distribution(1, 3, 2, 0, null, Distribution.Type.UNIFORM, null, 0);
    ConversationReplayData uniform = create(config(2, 10, SharedPrefixConfig.fixed(0), 20, UNIFORM_INPUT, 8, spread,
        50_000), tokenizer);
    boolean fraction = false;
    for (int turn = 0; turn < 20; turn++) {
      long nanos = uniform.pauseNanos(0, turn);
      assertTrue(nanos >= 1_000_000_000L && nanos <= 3_000_000_000L, "pause " + nanos);
      fraction |= nanos % 1_000_000_000L != 0;
    }
    assertTrue(fraction, "not rounded to whole seconds");
    assertEquals(0, create(config(1, 10, SharedPrefixConfig.fixed(0), 2, UNIFORM_INPUT, 8, null, 50_000), tokenizer)
        .conversations().pauseNanosAfter(0));
  }

  @Test
  void chatAndATooSmallContextAreRefusedWithTheirKeys() {
    ConversationReplayConfig fine = config(1, 10, SharedPrefixConfig.fixed(0), 2, UNIFORM_INPUT, 8, null, 50_000);
    assertTrue(problems(fine, ApiType.CHAT).get(0).contains("api.type completion only"));
    ConversationReplayConfig tight = config(1, 10, SharedPrefixConfig.fixed(0), 2, UNIFORM_INPUT, 300, null, 400);
    assertTrue(problems(tight, ApiType.COMPLETION).get(0).contains("data.conversation_replay.max_model_len (400)"
        + " leaves no room"), problems(tight, ApiType.COMPLETION).toString());
  }
}
