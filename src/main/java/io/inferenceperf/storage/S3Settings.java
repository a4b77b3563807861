package io.inferenceperf.storage;

/**
 * How to reach one S3 bucket (inference-perf's {@code storage.simple_storage_service} keys).
 *
 * @param bucket the bucket name
 * @param endpointUrl an S3-compatible server's URL (MinIO, Ceph, ...), or null for AWS
 * @param region the region, or null for the SDK's default chain (AWS_REGION, the profile, instance metadata),
 *     then us-east-1
 * @param addressing path-style or virtual-host requests
 * @param partSizeBytes files larger than this go up in parts of this size (S3's minimum is 5 MiB)
 */
public record S3Settings(String bucket, String endpointUrl, String region, Addressing addressing, long partSizeBytes) {

  /** Default part size: 8 MiB. */
  public static final long DEFAULT_PART_SIZE_BYTES = 8L << 20;

  /** inference-perf's addressing_style. */
  public enum Addressing {
    /** Virtual-host for AWS; path-style for a custom endpoint_url (what S3-compatible servers expect). */
    AUTO,
    /** {@code https://bucket.host/key}. */
    VIRTUAL,
    /** {@code https://host/bucket/key}. */
    PATH;

    /** Whether requests name the bucket in the path. */
    boolean pathStyle(String endpointUrl) {
      return this == PATH || (this == AUTO && endpointUrl != null);
    }
  }
}
