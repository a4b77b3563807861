package io.inferenceperf.storage;

import com.google.api.gax.paging.Page;
import com.google.auth.Credentials;
import com.google.auth.Retryable;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageOptions;
import io.inferenceperf.storage.StorageException.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Google Cloud Storage bucket through Google's Java client over the JSON API (HTTP, no gRPC): credentials from
 * application default credentials ({@link GoogleApplicationCredentials}), no client retries (the caller retries
 * with backoff and knows why). Small files go up in one request, larger ones as a resumable upload.
 */
public final class GcsObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(GcsObjectStore.class);

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int READ_TIMEOUT_MILLIS = 60_000;
  /** Resumable chunks are multiples of this (a GCS rule). */
  private static final int CHUNK_GRANULARITY_BYTES = 256 << 10;
  /** A project id is only needed to create or list buckets, which this store never does. */
  private static final String UNUSED_PROJECT = "inference-perf";

  private final GcsSettings settings;
  private final Storage storage;

  private GcsObjectStore(GcsSettings settings, Storage storage) {
    this.settings = settings;
    this.storage = storage;
  }

  /**
   * A client for the bucket with application default credentials; nothing is sent to the bucket yet. Missing
   * credentials are an {@link Kind#ACCESS_DENIED} failure, except towards a custom endpoint_url (an emulator),
   * where requests then go without credentials.
   */
  public static GcsObjectStore open(GcsSettings settings) throws StorageException {
    Credentials credentials;
    try {
      credentials = GoogleApplicationCredentials.find();
    } catch (StorageException e) {
      if (settings.endpointUrl() == null) throw e;
      LOG.info("no Google credentials found; requests to {} go without them", settings.endpointUrl());
      credentials = NoCredentials.getInstance();
    }
    return open(settings, credentials);
  }

  /** A client for the bucket with these credentials ({@link NoCredentials} for an emulator). */
  public static GcsObjectStore open(GcsSettings settings, Credentials credentials) throws StorageException {
    StorageOptions.Builder options = StorageOptions.http()
        .setProjectId(UNUSED_PROJECT)
        .setCredentials(credentials)
        .setRetrySettings(ServiceOptions.getNoRetrySettings())
        .setTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setReadTimeout(READ_TIMEOUT_MILLIS).build());
    if (settings.endpointUrl() != null) options.setHost(endpoint(settings.endpointUrl()));
    return new GcsObjectStore(settings, options.build().getService());
  }

  private static String endpoint(String url) throws StorageException {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    } catch (IllegalArgumentException e) {
      throw new StorageException(Kind.OTHER, "endpoint_url " + url + " is not a URL like https://host:port ("
          + e.getMessage() + ")");
    }
  }

  @Override
  public String describe() {
    return "gs://" + settings.bucket();
  }

  @Override
  public void checkBucket() throws StorageException {
    if (call("check the bucket", "", () -> storage.get(settings.bucket())) == null) {
      throw new StorageException(Kind.NO_BUCKET, "cannot check the bucket " + describe()
          + " (HTTP 404: the bucket does not exist)");
    }
  }

  @Override
  public boolean exists(String key) throws StorageException {
    return call("look up", key, () -> storage.get(BlobId.of(settings.bucket(), key))) != null;
  }

  @Override
  public void upload(Path local, String key) throws StorageException {
    long size;
    try {
      size = Files.size(local);
    } catch (IOException e) {
      throw new StorageException(Kind.OTHER, "cannot read " + local + " to upload it: " + e.getMessage(), e);
    }
    BlobInfo info = BlobInfo.newBuilder(settings.bucket(), key).setContentType(S3ObjectStore.contentType(key)).build();
    try {
      if (size <= settings.resumableAboveBytes()) {
        byte[] bytes = Files.readAllBytes(local);
        call("upload", key, () -> storage.create(info, bytes));
      } else {
        int chunk = chunkSize(settings.resumableAboveBytes());
        call("upload", key, () -> {
          try {
            return storage.createFrom(info, local, chunk);
          } catch (IOException e) {
            throw new com.google.cloud.storage.StorageException(e);
          }
        });
      }
    } catch (IOException e) {
      throw new StorageException(Kind.OTHER, "cannot read " + local + " to upload it: " + e.getMessage(), e);
    }
  }

  private static int chunkSize(long wantedBytes) {
    long granules = Math.max(1, (wantedBytes + CHUNK_GRANULARITY_BYTES - 1) / CHUNK_GRANULARITY_BYTES);
    return (int) Math.min(Integer.MAX_VALUE / CHUNK_GRANULARITY_BYTES, granules) * CHUNK_GRANULARITY_BYTES;
  }

  @Override
  public List<String> list(String prefix, int limit) throws StorageException {
    List<String> keys = new ArrayList<>();
    call("list", prefix, () -> {
      Page<Blob> page = storage.list(settings.bucket(), BlobListOption.prefix(prefix),
          BlobListOption.pageSize(Math.min(1000, limit)));
      for (Blob blob : page.iterateAll()) {
        if (keys.size() >= limit) break;
        keys.add(blob.getName());
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
      call("download", key, () -> {
        storage.downloadTo(BlobId.of(settings.bucket(), key), temporary);
        return null;
      });
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StorageException(Kind.OTHER, "cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a leftover partial download is replaced by the next try
      }
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      LOG.debug("closing the GCS client: {}", e.toString());
    }
  }

  private interface Call<T> {
    T run();
  }

  private <T> T call(String what, String key, Call<T> call) throws StorageException {
    try {
      return call.run();
    } catch (com.google.cloud.storage.StorageException e) {
      throw failure(what, key, e);
    } catch (RuntimeException e) {
      // the client wraps some transport failures in other unchecked exceptions
      throw new StorageException(Kind.TRANSIENT, "cannot " + what + " " + where(key) + " (" + e + ")", e);
    }
  }

  private String where(String key) {
    return describe() + (key.isEmpty() ? "" : "/" + key);
  }

  private StorageException failure(String what, String key, com.google.cloud.storage.StorageException e) {
    Retryable auth = authCause(e);
    if (auth != null) {
      Kind kind = auth.isRetryable() ? Kind.TRANSIENT : Kind.ACCESS_DENIED;
      return new StorageException(kind, "cannot " + what + " " + where(key) + ": the Google credentials gave no"
          + " access token (" + oneLine(((Throwable) auth).getMessage()) + ")", e);
    }
    int status = e.getCode();
    String detail = status > 0
        ? "HTTP " + status + (e.getReason() == null ? "" : " " + e.getReason()) + ": " + firstLine(e.getMessage())
        : firstLine(e.getMessage());
    return new StorageException(kind(status, e), "cannot " + what + " " + where(key) + " (" + detail + ")", e);
  }

  private static Kind kind(int status, com.google.cloud.storage.StorageException e) {
    if (status == 404) return isMissingObject(e) ? Kind.OTHER : Kind.NO_BUCKET;
    if (status == 401 || status == 403) return Kind.ACCESS_DENIED;
    if (status == 408 || status == 429 || status >= 500) return Kind.TRANSIENT;
    if (status <= 0) return e.getCause() instanceof IOException ? Kind.TRANSIENT : Kind.OTHER;
    return Kind.OTHER;
  }

  /** GCS says "No such object: bucket/key" for an object and "The specified bucket does not exist." otherwise. */
  private static boolean isMissingObject(com.google.cloud.storage.StorageException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    return message.contains("object") && !message.contains("bucket does not exist");
  }

  /** google-auth-library's failure to get a token (its exception type is not public, its interface is). */
  private static Retryable authCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Retryable auth && t instanceof IOException) return auth;
    }
    return null;
  }

  /** The token endpoint's answer (an error code like invalid_grant and its description; never a credential). */
  private static String oneLine(String message) {
    if (message == null) return "no message";
    String flat = message.replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) return "no message";
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
