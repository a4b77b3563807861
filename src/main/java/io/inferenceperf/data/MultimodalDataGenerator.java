package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;

/**
 * inference-perf's synthetic multimodal data: each request's text (from the synthetic generator, so of exactly the
 * sampled length, where inference-perf decodes random ids of roughly that length) with new media woven in at their
 * insertion points. The output length comes from data.output_distribution (inference-perf ignores it here and asks
 * for its fallback of 30 tokens).
 */
final class MultimodalDataGenerator implements DataGenerator {

  private final DataGenerator text;
  private final MediaMaker media;
  private final long seed;

  MultimodalDataGenerator(DataGenerator text, MediaMaker media, long seed) {
    this.text = text;
    this.media = media;
    this.seed = seed;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    Prompt prompt = text.prompt(stageId, index);
    MediaMaker.Made made = media.make(Seeds.stream(seed, Purpose.MEDIA, stageId, index));
    return new Prompt(prompt.text(), prompt.promptTokens(), prompt.maxTokens(),
        new PromptMedia(ContentWeaver.weave(prompt.text(), made.placed()), made.stats()));
  }

  @Override
  public String describe() {
    return text.describe() + " with " + media.describe();
  }
}
