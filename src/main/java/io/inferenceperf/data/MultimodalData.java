package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.DataExtensions;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.MultimodalConfig;
import io.inferenceperf.config.SharedPrefixConfig;
import io.inferenceperf.media.VideoPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds data.multimodal (and data.shared_prefix.multimodal) media to the synthetic and shared_prefix generators, and
 * checks what they need: the chat API (media travel as chat content parts) and usable count distributions.
 */
final class MultimodalData {

  private MultimodalData() {}

  /** What stops the configured media from being sent, or null. */
  static String problem(DataConfig data, DataExtensions extensions, ApiType apiType) {
    MultimodalConfig payload = extensions.multimodal();
    MultimodalConfig prefix = extensions.sharedPrefix() == null ? null : extensions.sharedPrefix().multimodal();
    if (payload == null && prefix == null) {
      return null;
    }
    String key = payload != null ? "data.multimodal" : "data.shared_prefix.multimodal";
    if (apiType != ApiType.CHAT) {
      return key + " needs api.type chat (media are sent as chat content parts; got api.type " + apiType.yamlName
          + "); set api.type: chat";
    }
    if (payload != null && data.type() != DataType.SYNTHETIC && data.type() != DataType.SHARED_PREFIX) {
      return "data.multimodal is used by data.type synthetic and shared_prefix only (got " + data.type().yamlName
          + ")";
    }
    List<String> problems = new ArrayList<>();
    countProblems(payload, "data.multimodal", problems);
    countProblems(prefix, "data.shared_prefix.multimodal", problems);
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static void countProblems(MultimodalConfig config, String key, List<String> problems) {
    if (config == null) return;
    check(config.image() == null ? null : config.image().placement().count(), key + ".image.count", problems);
    check(config.video() == null ? null : config.video().placement().count(), key + ".video.count", problems);
    check(config.audio() == null ? null : config.audio().placement().count(), key + ".audio.count", problems);
  }

  private static void check(Distribution count, String key, List<String> problems) {
    if (count != null) problems.addAll(LengthSampler.problems(count, key, true));
  }

  /** {@code result}'s generator with the configured media, or {@code result} itself when there are none. */
  static DataGeneratorResult wrap(DataGeneratorResult result, DataType type, DataExtensions extensions, long seed) {
    if (!(result instanceof DataGeneratorResult.Ready ready)) {
      return result;
    }
    SharedPrefixConfig sharedPrefix = extensions.sharedPrefix() != null ? extensions.sharedPrefix()
        : SharedPrefixConfig.defaults();
    MultimodalConfig prefix = sharedPrefix.multimodal();
    MultimodalConfig payload = extensions.multimodal();
    VideoPool videos = new VideoPool(seed);
    if (type == DataType.SYNTHETIC && payload != null) {
      MediaMaker media = warmed(payload, videos);
      return new DataGeneratorResult.Ready(new MultimodalDataGenerator(ready.generator(), media, seed));
    }
    if (type == DataType.SHARED_PREFIX && (payload != null || prefix != null)
        && ready.generator() instanceof SharedPrefixDataGenerator prompts) {
      long prefixSeed = sharedPrefix.seed() != null ? sharedPrefix.seed() : seed;
      return new DataGeneratorResult.Ready(new SharedPrefixMedia(prompts, sharedPrefix.numGroups(),
          prefix == null ? null : new MediaMaker(prefix, videos), payload == null ? null : warmed(payload, videos),
          prefixSeed));
    }
    return result;
  }

  private static MediaMaker warmed(MultimodalConfig config, VideoPool videos) {
    MediaMaker maker = new MediaMaker(config, videos);
    maker.warmVideos();
    return maker;
  }
}
