package io.inferenceperf.storage;

import io.inferenceperf.storage.StorageException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket through the AWS SDK for Java v2: credentials from the SDK's default chain (environment, profile,
 * web identity as with IRSA on EKS, container and instance metadata), the JDK's HTTP client, no SDK retries (the
 * caller retries with backoff and knows why). For a custom endpoint_url the SDK's newer checksum headers are sent
 * only when an operation requires them, because many S3-compatible servers reject them.
 */
public final class S3ObjectStore implements ObjectStore {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  private static final long MIN_PART_SIZE_BYTES = 5L << 20;

  private final S3Settings settings;
  private final S3Client client;

  private S3ObjectStore(S3Settings settings, S3Client client) {
    this.settings = settings;
    this.client = client;
  }

  /** A client for the bucket; nothing is sent yet. A malformed endpoint_url is an {@link Kind#OTHER} failure. */
  public static S3ObjectStore open(S3Settings settings) throws StorageException {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .region(region(settings.region()))
        .forcePathStyle(settings.addressing().pathStyle(settings.endpointUrl()))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
    if (settings.endpointUrl() != null) {
      builder.endpointOverride(endpoint(settings.endpointUrl()))
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return new S3ObjectStore(settings, builder.build());
  }

  private static URI endpoint(String url) throws StorageException {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
      return uri;
    } catch (IllegalArgumentException e) {
      throw new StorageException(Kind.OTHER, "endpoint_url " + url + " is not a URL like https://host:port ("
          + e.getMessage() + ")");
    }
  }

  private static Region region(String configured) {
    if (configured != null) return Region.of(configured);
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1; // as boto3 does without a region: the global endpoint
    }
  }

  @Override
  public String describe() {
    return "s3://" + settings.bucket();
  }

  @Override
  public void checkBucket() throws StorageException {
    call("check the bucket", "", () -> client.headBucket(b -> b.bucket(settings.bucket())));
  }

  @Override
  public boolean exists(String key) throws StorageException {
    try {
      client.headObject(b -> b.bucket(settings.bucket()).key(key));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) return false;
      throw failure("look up", key, e);
    } catch (SdkException e) {
      throw failure("look up", key, e);
    }
  }

  @Override
  public void upload(Path local, String key) throws StorageException {
    long size;
    try {
      size = Files.size(local);
    } catch (IOException e) {
      throw new StorageException(Kind.OTHER, "cannot read " + local + " to upload it: " + e.getMessage(), e);
    }
    long partSize = Math.max(MIN_PART_SIZE_BYTES, settings.partSizeBytes());
    if (size <= partSize) {
      call("upload", key, () -> client.putObject(b -> b.bucket(settings.bucket()).key(key)
          .contentType(contentType(key)), RequestBody.fromFile(local)));
    } else {
      uploadInParts(local, key, size, partSize);
    }
  }

  /** A multipart upload; any failure aborts it so no parts are left behind (and billed). */
  private void uploadInParts(Path local, String key, long size, long partSize) throws StorageException {
    String uploadId = call("start a multipart upload of", key, () -> client.createMultipartUpload(b -> b
        .bucket(settings.bucket()).key(key).contentType(contentType(key)))).uploadId();
    try (InputStream in = Files.newInputStream(local)) {
      List<CompletedPart> parts = new ArrayList<>();
      for (int number = 1; (long) (number - 1) * partSize < size; number++) {
        byte[] bytes = in.readNBytes((int) Math.min(partSize, size - (number - 1) * partSize));
        int partNumber = number;
        String etag = call("upload part " + number + " of", key, () -> client.uploadPart(b -> b
            .bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(partNumber),
            RequestBody.fromBytes(bytes))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      call("complete the multipart upload of", key, () -> client.completeMultipartUpload(b -> b
          .bucket(settings.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    } catch (IOException e) {
      abort(key, uploadId);
      throw new StorageException(Kind.OTHER, "cannot read " + local + " to upload it: " + e.getMessage(), e);
    } catch (StorageException e) {
      abort(key, uploadId);
      throw e;
    }
  }

  private void abort(String key, String uploadId) {
    try {
      client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException ignored) {
      // the upload already failed; a bucket lifecycle rule cleans up parts that cannot be aborted now
    }
  }

  @Override
  public List<String> list(String prefix, int limit) throws StorageException {
    List<String> keys = new ArrayList<>();
    call("list", prefix, () -> {
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)
          .maxKeys(Math.min(1000, limit))).contents()) {
        if (keys.size() >= limit) break;
        keys.add(object.key());
      }
      return null;
    });
    return keys;
  }

  @Override
  public void download(String key, Path target) throws StorageException {
    Path temporary = target.resolveSibling(target.getFileName() + ".download");
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.deleteIfExists(temporary);
      call("download", key, () -> client.getObject(b -> b.bucket(settings.bucket()).key(key),
          ResponseTransformer.toFile(temporary)));
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StorageException(Kind.OTHER, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private interface Call<T> {
    T run();
  }

  private <T> T call(String what, String key, Call<T> call) throws StorageException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw failure(what, key, e);
    }
  }

  private StorageException failure(String what, String key, SdkException e) {
    String where = describe() + (key.isEmpty() ? "" : "/" + key);
    if (e instanceof S3Exception s3) {
      String code = code(s3);
      String detail = "HTTP " + s3.statusCode() + (code == null ? "" : " " + code)
          + (message(s3) == null ? "" : ": " + message(s3));
      return new StorageException(kind(s3.statusCode(), code), "cannot " + what + " " + where + " (" + detail + ")");
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Kind kind = message.contains("credentials") ? Kind.ACCESS_DENIED : Kind.TRANSIENT;
    return new StorageException(kind, "cannot " + what + " " + where + " (" + message + ")", e);
  }

  private static Kind kind(int status, String code) {
    if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) return Kind.NO_BUCKET;
    if (status == 401 || status == 403) return Kind.ACCESS_DENIED;
    if (status >= 500 || status == 429 || "SlowDown".equals(code) || "RequestTimeout".equals(code)) {
      return Kind.TRANSIENT;
    }
    return Kind.OTHER;
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String message(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
  }

  static String contentType(String key) {
    if (key.endsWith(".json")) return "application/json";
    if (key.endsWith(".yaml")) return "text/yaml";
    if (key.endsWith(".gz")) return "application/gzip";
    return "application/octet-stream";
  }
}
