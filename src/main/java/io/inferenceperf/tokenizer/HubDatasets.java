package io.inferenceperf.tokenizer;

import java.nio.file.Path;

/**
 * Dataset files from the Hugging Face Hub, through the same Hub client, cache and settings (HF_ENDPOINT, HF_TOKEN,
 * HF_HOME or HF_HUB_CACHE, HF_HUB_OFFLINE) as tokenizers.
 */
public final class HubDatasets {

  private HubDatasets() {}

  /**
   * The local path of {@code file} in dataset repository {@code repoId}: from the cache, else downloaded into it.
   *
   * @throws TokenizerLoadException with a message naming the problem and the fix (offline, gated, missing)
   */
  public static Path fetch(HubSettings settings, String repoId, String file) {
    return new HubDownloader(settings).fetchDatasetFile(repoId, file);
  }
}
