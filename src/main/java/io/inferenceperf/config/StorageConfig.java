package io.inferenceperf.config;

/**
 * The {@code storage} section. Local storage is always on, as in inference-perf; S3 and GCS are added when
 * configured (all configured backends are written).
 *
 * @param simpleStorageService {@code storage.simple_storage_service}, or null when absent
 * @param googleCloudStorage {@code storage.google_cloud_storage}, or null when absent
 */
public record StorageConfig(LocalStorage localStorage, SimpleStorageService simpleStorageService,
    GoogleCloudStorage googleCloudStorage) {

  public StorageConfig(LocalStorage localStorage) {
    this(localStorage, null, null);
  }

  public StorageConfig(LocalStorage localStorage, SimpleStorageService simpleStorageService) {
    this(localStorage, simpleStorageService, null);
  }

  /**
   * {@code storage.local_storage}.
   *
   * @param path the report folder, with {@code {timestamp}} already expanded by the loader
   * @param reportFilePrefix prepended to every report file name, or null
   */
  public record LocalStorage(String path, String reportFilePrefix) {}

  /**
   * {@code storage.simple_storage_service}: the run's files are also uploaded to this bucket.
   *
   * @param bucketName the bucket
   * @param path the run's folder in the bucket, {@code {timestamp}} expanded
   * @param reportFilePrefix prepended to every object's file name, or null
   * @param endpointUrl an S3-compatible server's URL, or null for AWS
   * @param regionName the region, or null for the AWS SDK's default
   * @param addressingStyle auto, virtual or path
   * @param overwrite whether objects already in the run's folder may be replaced (an extension)
   */
  public record SimpleStorageService(String bucketName, String path, String reportFilePrefix, String endpointUrl,
      String regionName, String addressingStyle, boolean overwrite) {}

  /**
   * {@code storage.google_cloud_storage}: the run's files are also uploaded to this bucket.
   *
   * @param bucketName the bucket
   * @param path the run's folder in the bucket, {@code {timestamp}} expanded
   * @param reportFilePrefix prepended to every object's file name, or null
   * @param endpointUrl another server speaking the GCS JSON API, or null for Google (an extension)
   * @param overwrite whether objects already in the run's folder may be replaced (an extension)
   */
  public record GoogleCloudStorage(String bucketName, String path, String reportFilePrefix, String endpointUrl,
      boolean overwrite) {}
}
