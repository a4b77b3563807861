package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;
import io.inferenceperf.record.MediaStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * shared_prefix with media (chat API), as inference-perf builds it: the user message is the group's system prompt
 * with the prefix media (data.shared_prefix.multimodal) woven in, a space, then the question with the request's own
 * media (data.multimodal). Prefix media are sampled and encoded once per group, so every request of a group carries
 * the same bytes (a server can cache them); request media are new every request.
 */
final class SharedPrefixMedia implements DataGenerator {

  private final SharedPrefixDataGenerator prompts;
  private final List<List<ContentPart>> prefixParts;
  private final List<MediaStats> prefixStats;
  private final MediaMaker payload;
  private final long seed;
  private final String description;

  /**
   * @param prefix media of the prefix, or null
   * @param payload media of each request, or null
   */
  SharedPrefixMedia(SharedPrefixDataGenerator prompts, int groups, MediaMaker prefix, MediaMaker payload, long seed) {
    this.prompts = prompts;
    this.payload = payload;
    this.seed = seed;
    this.description = prompts.describe() + (prefix == null ? "" : " with prefix " + prefix.describe())
        + (payload == null ? "" : " with " + payload.describe());
    this.prefixParts = new ArrayList<>(groups);
    this.prefixStats = new ArrayList<>(groups);
    for (int group = 0; group < groups; group++) {
      String text = prefixText(group);
      MediaMaker.Made made = prefix == null ? MediaMaker.Made.NONE
          : prefix.make(new SplittableRandom(Seeds.mix64(seed ^ Seeds.mix64(group + 0x5EED_0F_6A0L))));
      prefixParts.add(text == null ? List.of() : ContentWeaver.weave(text, made.placed()));
      prefixStats.add(made.stats());
    }
  }

  private String prefixText(int group) {
    for (long i = 0; ; i++) {
      SharedPrefixDataGenerator.Parts parts = prompts.parts(i);
      if (parts.group() == group) return parts.prefix();
    }
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    SharedPrefixDataGenerator.Parts parts = prompts.parts(index);
    MediaMaker.Made made = payload == null ? MediaMaker.Made.NONE
        : payload.make(Seeds.stream(seed, Purpose.MEDIA, stageId, index));
    List<ContentPart> question = ContentWeaver.weave(parts.question(), made.placed());
    List<ContentPart> content = ContentWeaver.join(prefixParts.get(parts.group()), question);
    MediaStats stats = prefixStats.get(parts.group()).plus(made.stats());
    Prompt whole = parts.prompt();
    return new Prompt(whole.text(), whole.promptTokens(), whole.maxTokens(), new PromptMedia(content, stats));
  }

  @Override
  public String describe() {
    return description;
  }
}
