package io.inferenceperf.config;

/** The {@code storage} section. Local storage is always on, as in inference-perf. */
public record StorageConfig(LocalStorage localStorage) {

  /**
   * {@code storage.local_storage}.
   *
   * @param path the report folder, with {@code {timestamp}} already expanded by the loader
   * @param reportFilePrefix prepended to every report file name, or null
   */
  public record LocalStorage(String path, String reportFilePrefix) {}
}
