package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.StorageConfig.GoogleCloudStorage;
import io.inferenceperf.config.StorageConfig.SimpleStorageService;
import io.inferenceperf.storage.GcsObjectStore;
import io.inferenceperf.storage.GcsSettings;
import io.inferenceperf.storage.ObjectStore;
import io.inferenceperf.storage.S3ObjectStore;
import io.inferenceperf.storage.S3Settings;
import io.inferenceperf.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configured bucket of the run (storage.simple_storage_service or storage.google_cloud_storage): its keys, how
 * to open it, and what a user should do about each kind of failure.
 */
sealed interface BucketTarget {

  /** The config section, for messages: {@code storage.google_cloud_storage}. */
  String section();

  String path();

  String reportFilePrefix();

  boolean overwrite();

  /** A client for the bucket; nothing is sent yet. */
  ObjectStore open() throws StorageException;

  /** What to do about the credentials. */
  String credentialsFix();

  /** Where the bucket is (for a missing bucket). */
  String locationKeys();

  /** Every configured bucket, S3 first. */
  static List<BucketTarget> configured(Config config) {
    List<BucketTarget> targets = new ArrayList<>();
    if (config.storage().simpleStorageService() != null) targets.add(new S3(config.storage().simpleStorageService()));
    if (config.storage().googleCloudStorage() != null) targets.add(new Gcs(config.storage().googleCloudStorage()));
    return targets;
  }

  /** The fix for a failure of {@code kind} before the run. */
  default String fix(StorageException.Kind kind) {
    return switch (kind) {
      case NO_BUCKET -> "Fix: set " + section() + ".bucket_name to an existing bucket" + locationKeys()
          + ". Nothing was sent to the server.";
      case ACCESS_DENIED -> "Fix: give the run credentials that may write to the bucket (" + credentialsFix()
          + "). Nothing was sent to the server.";
      case ALREADY_EXISTS -> "Fix: keep {timestamp} in " + section() + ".path, choose another path or"
          + " report_file_prefix, or set " + section() + ".overwrite: true.";
      case TRANSIENT -> "The bucket's endpoint did not answer after retries; check endpoint_url and the network."
          + " Nothing was sent to the server.";
      case OTHER -> "Check " + section() + ". Nothing was sent to the server.";
    };
  }

  /** storage.simple_storage_service. */
  record S3(SimpleStorageService s3) implements BucketTarget {
    @Override
    public String section() {
      return "storage.simple_storage_service";
    }

    @Override
    public String path() {
      return s3.path();
    }

    @Override
    public String reportFilePrefix() {
      return s3.reportFilePrefix();
    }

    @Override
    public boolean overwrite() {
      return s3.overwrite();
    }

    @Override
    public ObjectStore open() throws StorageException {
      return S3ObjectStore.open(settings(s3, s3.bucketName()));
    }

    /**
     * {@code bucket} reached with the endpoint, region and addressing of storage.simple_storage_service, or with the
     * AWS SDK's own choices when that section is absent ({@code s3} null).
     */
    static S3Settings settings(SimpleStorageService s3, String bucket) {
      if (s3 == null) {
        return new S3Settings(bucket, null, null, S3Settings.Addressing.AUTO, S3Settings.DEFAULT_PART_SIZE_BYTES);
      }
      return new S3Settings(bucket, s3.endpointUrl(), s3.regionName(),
          S3Settings.Addressing.valueOf(s3.addressingStyle().toUpperCase(Locale.ROOT)),
          S3Settings.DEFAULT_PART_SIZE_BYTES);
    }

    @Override
    public String credentialsFix() {
      return "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or IRSA's service account on EKS";
    }

    @Override
    public String locationKeys() {
      return " (and region_name/endpoint_url to where it is)";
    }
  }

  /** storage.google_cloud_storage. */
  record Gcs(GoogleCloudStorage gcs) implements BucketTarget {
    @Override
    public String section() {
      return "storage.google_cloud_storage";
    }

    @Override
    public String path() {
      return gcs.path();
    }

    @Override
    public String reportFilePrefix() {
      return gcs.reportFilePrefix();
    }

    @Override
    public boolean overwrite() {
      return gcs.overwrite();
    }

    @Override
    public ObjectStore open() throws StorageException {
      return GcsObjectStore.open(new GcsSettings(gcs.bucketName(), gcs.endpointUrl(),
          GcsSettings.DEFAULT_RESUMABLE_ABOVE_BYTES));
    }

    @Override
    public String credentialsFix() {
      return "GOOGLE_APPLICATION_CREDENTIALS naming a service account key file, `gcloud auth application-default"
          + " login`, or Workload Identity on GKE; the account needs roles/storage.objectCreator and"
          + " storage.buckets.get, storage.objects.list on the bucket";
    }

    @Override
    public String locationKeys() {
      return gcs.endpointUrl() == null ? "" : " on the server of endpoint_url";
    }
  }
}
