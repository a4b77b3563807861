package io.inferenceperf.data;

import io.inferenceperf.config.SharedPrefixConfig;
import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * inference-perf's {@code shared_prefix} data: {@code num_groups} random system prompts, each shared by
 * {@code num_prompts_per_group} questions, so a server's prefix cache can be measured. All prompts are built at
 * start-up from one seeded stream: per group a system prompt of exactly the sampled length; per prompt a question
 * that starts with a word-start token (so the prefix's tokens do not merge with it) and brings the whole prompt to
 * exactly system + question tokens. The prompts are shuffled with the same seed and request i gets prompt
 * i mod (groups x prompts). Lengths use {@code sample_from_distribution} semantics.
 */
final class SharedPrefixDataGenerator implements DataGenerator {

  private static final int WORD_START_TRIES = 1000;

  private final List<Prompt> prompts;
  /** Per prompt (same order): its group, system prompt and question, for media woven into each side. */
  private final List<Parts> parts;
  private final List<SessionSeed> sessions;
  private final String description;

  SharedPrefixDataGenerator(SharedPrefixConfig config, long seed, Tokenizer tokenizer, PromptFormat format) {
    SplittableRandom random = new SplittableRandom(seed);
    LengthSampler systemLengths = new LengthSampler(config.systemPromptLen(), true);
    LengthSampler questionLengths = new LengthSampler(config.questionLen(), true);
    LengthSampler outputLengths = new LengthSampler(config.outputLen(), true);
    ExactLengthText prefixText = new ExactLengthText(tokenizer, RAW);
    ExactLengthText fullText = new ExactLengthText(tokenizer, format.countShape());
    int[] candidates = WordTokens.candidates(tokenizer);
    List<Parts> built = new ArrayList<>();
    List<SessionSeed> seeds = new ArrayList<>();
    for (int group = 0; group < config.numGroups(); group++) {
      int systemTokens = systemLengths.sample(random);
      String prefix = prefixText.make(ExactLengthText.randomIds(candidates, random), systemTokens);
      int[] prefixIds = tokenizer.encode(prefix, false);
      for (int prompt = 0; prompt < config.numPromptsPerGroup(); prompt++) {
        int questionTokens = questionLengths.sample(random);
        int outputTokens = outputLengths.sample(random);
        IntList ids = new IntList(prefixIds.length + questionTokens);
        ids.addAll(prefixIds);
        ids.add(wordStartId(tokenizer, candidates, random));
        int target = fullText.overheadTokens() + systemTokens + questionTokens;
        String text = fullText.make(ExactLengthText.randomIds(candidates, random), ids, target);
        Prompt whole = new Prompt(format.sentShape().wrap(text), format.countKnown() ? target : -1, outputTokens);
        built.add(new Parts(whole, group, prefix, questionOf(text, prefix)));
        seeds.add(new SessionSeed("user_session_" + seeds.size(), prefix, questionOf(text, prefix), outputTokens));
      }
    }
    Collections.shuffle(built, new Random(random.nextLong()));
    this.parts = List.copyOf(built);
    this.prompts = built.stream().map(Parts::prompt).toList();
    this.sessions = List.copyOf(seeds);
    this.description = "shared_prefix (" + config.numGroups() + " groups x " + config.numPromptsPerGroup()
        + " prompts, system " + systemLengths.describe() + ", question " + questionLengths.describe() + ", output "
        + outputLengths.describe() + ")";
  }

  /** One prompt and where it came from: its group, the group's system prompt, and its question. */
  record Parts(Prompt prompt, int group, String prefix, String question) {}

  /** The parts of request {@code index}'s prompt. */
  Parts parts(long index) {
    return parts.get((int) (index % parts.size()));
  }

  /** The question part of a whole prompt: what follows the system prompt, without the space between them. */
  private static String questionOf(String text, String prefix) {
    return text.startsWith(prefix) ? text.substring(prefix.length()).strip() : text;
  }

  /**
   * One session per prompt, in group order (session g x P + p is prompt p of group g, before the shuffle), each
   * starting from its group's system prompt and asking its own question every round: inference-perf's user
   * sessions for enable_multi_turn_chat.
   */
  List<SessionSeed> sessions() {
    return sessions;
  }

  /** Text counted as is, without special tokens: the prefix's own length. */
  private static final PromptShape RAW = new PromptShape() {
    @Override
    public String wrap(String text) {
      return text;
    }

    @Override
    public boolean addSpecialTokens() {
      return false;
    }
  };

  /** A random id whose text starts with whitespace, so that it cannot merge with the token before it. */
  private static int wordStartId(Tokenizer tokenizer, int[] candidates, SplittableRandom random) {
    for (int attempt = 0; attempt < WORD_START_TRIES; attempt++) {
      int id = candidates[random.nextInt(candidates.length)];
      String text = tokenizer.decode(new int[] {id});
      if (!text.isEmpty() && Character.isWhitespace(text.charAt(0)) && text.strip().length() > 0) {
        return id;
      }
    }
    return candidates[random.nextInt(candidates.length)];
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    return prompts.get((int) (index % prompts.size()));
  }

  @Override
  public String describe() {
    return description;
  }
}
