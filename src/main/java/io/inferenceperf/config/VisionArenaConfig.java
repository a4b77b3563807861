package io.inferenceperf.config;

import java.util.List;

/**
 * The {@code data.visionarena} section: where the VisionArena-Chat rows come from and how their images are placed.
 *
 * @param hfDatasetName the Hub dataset read through the dataset viewer when data.path is absent
 * @param hfSplit its split
 * @param numRows usable rows kept in the request pool (rows without a user prompt or a usable image do not count)
 * @param maxImagesPerRequest the most images taken from one row, in row order
 * @param insertionPoint a fixed point in [0, 1] for every image (0 = before the prompt, 1 = after it), or null
 * @param insertionDistribution a distribution of points, sampled per image, or null
 * @param hfDataFiles glob patterns of files of the Hub repository to read (hf_data_files, for hf_split), or null
 * @param localFiles the local copies of the files those patterns matched, in order (set before the data is read;
 *     empty until then)
 */
public record VisionArenaConfig(String hfDatasetName, String hfSplit, int numRows, int maxImagesPerRequest,
    Double insertionPoint, Distribution insertionDistribution, List<String> hfDataFiles, List<String> localFiles) {

  public VisionArenaConfig {
    hfDataFiles = hfDataFiles == null ? null : List.copyOf(hfDataFiles);
    localFiles = localFiles == null ? List.of() : List.copyOf(localFiles);
  }

  /** Without hf_data_files. */
  public VisionArenaConfig(String hfDatasetName, String hfSplit, int numRows, int maxImagesPerRequest,
      Double insertionPoint, Distribution insertionDistribution) {
    this(hfDatasetName, hfSplit, numRows, maxImagesPerRequest, insertionPoint, insertionDistribution, null, null);
  }

  /** This config reading {@code files}, the local copies of what hf_data_files matched. */
  public VisionArenaConfig withLocalFiles(List<String> files) {
    return new VisionArenaConfig(hfDatasetName, hfSplit, numRows, maxImagesPerRequest, insertionPoint,
        insertionDistribution, hfDataFiles, files);
  }

  /** Every key at its default in {@link ConfigSchema}. */
  public static VisionArenaConfig defaults() {
    return new VisionArenaConfig(SchemaDefaults.string("data.visionarena.hf_dataset_name"),
        SchemaDefaults.string("data.visionarena.hf_split"), SchemaDefaults.integer("data.visionarena.num_rows"),
        SchemaDefaults.integer("data.visionarena.max_images_per_request"),
        SchemaDefaults.number("data.visionarena.insertion_point"), null);
  }
}
