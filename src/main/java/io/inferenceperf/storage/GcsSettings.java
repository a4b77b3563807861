package io.inferenceperf.storage;

/**
 * How to reach one Google Cloud Storage bucket (inference-perf's {@code storage.google_cloud_storage} keys).
 *
 * @param bucket the bucket name
 * @param endpointUrl another server speaking the GCS JSON API (an emulator, a Private Service Connect endpoint), or
 *     null for storage.googleapis.com
 * @param resumableAboveBytes files larger than this go up as a resumable upload in chunks of this size (rounded up
 *     to GCS's 256 KiB granularity); smaller ones in one request
 */
public record GcsSettings(String bucket, String endpointUrl, long resumableAboveBytes) {

  /** Default: 8 MiB, as for S3's parts. */
  public static final long DEFAULT_RESUMABLE_ABOVE_BYTES = 8L << 20;

  /** The bucket with the defaults: Google's endpoint, 8 MiB. */
  public static GcsSettings of(String bucket) {
    return new GcsSettings(bucket, null, DEFAULT_RESUMABLE_ABOVE_BYTES);
  }
}
