package io.inferenceperf.storage;

/**
 * Object names as inference-perf gives them: {@code <path>/<report_file_prefix><file name>}, leading slashes
 * removed (so an empty path puts files at the top of the bucket).
 */
public final class ObjectKeys {

  private ObjectKeys() {}

  /**
   * @param path the configured folder in the bucket, or null
   * @param prefix the report file prefix, or null
   * @param fileName the local file's name, with its extension ({@code summary_lifecycle_metrics.json})
   */
  public static String key(String path, String prefix, String fileName) {
    return stripLeadingSlashes(base(path, prefix) + fileName);
  }

  /** Everything before the file name: the run's prefix of keys in the bucket. */
  public static String base(String path, String prefix) {
    return stripLeadingSlashes((path == null ? "" : path) + "/" + (prefix == null ? "" : prefix));
  }

  private static String stripLeadingSlashes(String key) {
    int start = 0;
    while (start < key.length() && key.charAt(start) == '/') start++;
    return key.substring(start);
  }
}
