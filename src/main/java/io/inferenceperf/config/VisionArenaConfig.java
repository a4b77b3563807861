package io.inferenceperf.config;

/**
 * The {@code data.visionarena} section: where the VisionArena-Chat rows come from and how their images are placed.
 *
 * @param hfDatasetName the Hub dataset read through the dataset viewer when data.path is absent
 * @param hfSplit its split
 * @param numRows usable rows kept in the request pool (rows without a user prompt or a usable image do not count)
 * @param maxImagesPerRequest the most images taken from one row, in row order
 * @param insertionPoint a fixed point in [0, 1] for every image (0 = before the prompt, 1 = after it), or null
 * @param insertionDistribution a distribution of points, sampled per image, or null
 */
public record VisionArenaConfig(String hfDatasetName, String hfSplit, int numRows, int maxImagesPerRequest,
    Double insertionPoint, Distribution insertionDistribution) {

  /** Every key at its default in {@link ConfigSchema}. */
  public static VisionArenaConfig defaults() {
    return new VisionArenaConfig(SchemaDefaults.string("data.visionarena.hf_dataset_name"),
        SchemaDefaults.string("data.visionarena.hf_split"), SchemaDefaults.integer("data.visionarena.num_rows"),
        SchemaDefaults.integer("data.visionarena.max_images_per_request"),
        SchemaDefaults.number("data.visionarena.insertion_point"), null);
  }
}
