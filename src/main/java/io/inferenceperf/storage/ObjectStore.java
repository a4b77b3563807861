package io.inferenceperf.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * One bucket of an object store. Keys are plain object names ("reports-20250101-120000/summary.json"); every
 * method throws {@link StorageException} with a user-facing message.
 */
public interface ObjectStore extends AutoCloseable {

  /** The bucket as a URL for messages: {@code s3://bucket}. */
  String describe();

  /** Succeeds when the bucket exists and these credentials may read it. */
  void checkBucket() throws StorageException;

  /** Whether an object named {@code key} exists. */
  boolean exists(String key) throws StorageException;

  /** Uploads the file at {@code local} as {@code key}, replacing any object of that name (large files in parts). */
  void upload(Path local, String key) throws StorageException;

  /** The keys that start with {@code prefix}, in the store's order, at most {@code limit} of them. */
  List<String> list(String prefix, int limit) throws StorageException;

  /** Downloads {@code key} into {@code target} (written to a temporary file, then moved into place). */
  void download(String key, Path target) throws StorageException;

  @Override
  void close();
}
