package io.inferenceperf.storage;

import io.inferenceperf.storage.StorageException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results files of one run or of the load generators of a distributed run, under a prefix of keys in a bucket
 * ({@code s3://bucket/reports-20261206-100000/} holding {@code replica-0/results.jsonl.gz}, ...), brought to local
 * files so that {@code inference-perf report} can merge them where the pods uploaded them, e.g. in a second Job.
 */
public final class BucketResults {
  /** More results files than this under one prefix is a prefix chosen too wide (a whole bucket). */
  public static final int MAX_FILES = 1_000;
  private static final int MAX_KEYS_LISTED = 100_000;

  private BucketResults() {}

  /**
   * {@code s3://bucket/prefix}, split.
   *
   * @param prefix the key prefix, possibly empty (the whole bucket)
   */
  public record Location(String bucket, String prefix) {
    public static final String SCHEME = "s3://";

    public static boolean isLocation(String text) {
      return text.startsWith(SCHEME);
    }

    /** Null when {@code url} names no bucket. */
    public static Location parse(String url) {
      if (!isLocation(url)) return null;
      String rest = url.substring(SCHEME.length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      return bucket.isBlank() ? null : new Location(bucket, prefix);
    }

    @Override
    public String toString() {
      return SCHEME + bucket + "/" + prefix;
    }
  }

  /** The keys under {@code prefix} of the results files (any report file prefix), in key order. */
  public static List<String> resultsKeys(ObjectStore store, String prefix, String fileName) throws StorageException {
    List<String> keys = new ArrayList<>();
    for (String key : store.list(prefix, MAX_KEYS_LISTED)) {
      if (key.endsWith(fileName)) keys.add(key);
    }
    keys.sort(null);
    if (keys.size() > MAX_FILES) {
      throw new StorageException(Kind.OTHER, store.describe() + "/" + prefix + " holds " + keys.size() + " results"
          + " files, more than one run's; name the run's folder (s3://bucket/PATH/)");
    }
    return keys;
  }

  /** Downloads each key to {@code folder}/KEY (its folders kept, so replica-0/... and replica-1/... stay apart). */
  public static List<Path> download(ObjectStore store, List<String> keys, Path folder) throws StorageException {
    List<Path> files = new ArrayList<>();
    for (String key : keys) {
      Path target = folder.resolve(key).normalize();
      if (!target.startsWith(folder.normalize())) {
        throw new StorageException(Kind.OTHER, "key " + key + " leaves the download folder; not downloaded");
      }
      store.download(key, target);
      files.add(target);
    }
    return files;
  }
}
