package io.inferenceperf.data;

import io.inferenceperf.config.MultimodalConfig.Placement;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.data.Seeds.Purpose;
import io.inferenceperf.record.MediaStats;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * inference-perf's visionarena data: a pool of real prompts with their images (VisionArena-Chat rows), cycled:
 * request i sends entry i mod pool size as one user message, the first user turn's text with each image woven in at
 * its insertion point (fixed, or drawn per image from the stream of (seed, stage, index), so a run repeats). Images
 * are sent as they were stored (JPEG, PNG or WEBP data URLs, built once). Chat only; max_tokens is the API's default
 * (inference-perf sends none here, so its fallback of 30 applies too).
 */
final class VisionArenaDataGenerator implements DataGenerator {

  private final List<VisionArenaRows.Entry> pool;
  private final List<Prompt> texts;
  private final Placement placement;
  private final long seed;
  private final String source;

  /** Counts every prompt's tokens once (in parallel); {@code pool} must not be empty. */
  VisionArenaDataGenerator(List<VisionArenaRows.Entry> pool, VisionArenaConfig config, long seed, String source,
      Tokenizer tokenizer, PromptFormat format) {
    if (pool.isEmpty()) throw new IllegalArgumentException("empty visionarena pool");
    this.pool = List.copyOf(pool);
    this.texts = IntStream.range(0, pool.size()).parallel()
        .mapToObj(i -> format.prompt(pool.get(i).prompt(), tokenizer, 0)).toList();
    this.placement = new Placement(null, config.insertionPoint(), config.insertionDistribution());
    this.seed = seed;
    this.source = source;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    int row = (int) (index % pool.size());
    VisionArenaRows.Entry entry = pool.get(row);
    Prompt text = texts.get(row);
    SplittableRandom random = Seeds.stream(seed, Purpose.MEDIA, stageId, index);
    List<MediaMaker.Placed> placed = new ArrayList<>(entry.images().size());
    List<MediaStats.Image> stats = new ArrayList<>(entry.images().size());
    for (VisionArenaRows.Image image : entry.images()) {
      placed.add(new MediaMaker.Placed(List.of(new ContentPart.ImageUrl(image.dataUrl())),
          MediaMaker.point(placement, random)));
      stats.add(image.stats());
    }
    MediaStats media = new MediaStats(stats, List.of(), List.of());
    return new Prompt(text.text(), text.promptTokens(), 0,
        new PromptMedia(ContentWeaver.weave(text.text(), placed), media));
  }

  @Override
  public String describe() {
    int images = pool.stream().mapToInt(e -> e.images().size()).sum();
    String point = placement.insertionPoint() != null ? "at " + placement.insertionPoint()
        : placement.insertionDistribution() != null ? "at points drawn from a distribution" : "at random points";
    return "visionarena (" + pool.size() + " rows, " + images + " images " + point + ", from " + source + ")";
  }
}
