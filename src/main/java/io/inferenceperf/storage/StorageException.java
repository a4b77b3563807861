package io.inferenceperf.storage;

/** An object-storage operation that failed, with a message fit for the user (no credentials, no stack trace). */
public final class StorageException extends Exception {

  /** What kind of failure: decides whether it is retried and which exit code it gives. */
  public enum Kind {
    /** The bucket does not exist. */
    NO_BUCKET,
    /** The credentials are missing, wrong or not allowed to do this. */
    ACCESS_DENIED,
    /** The server or the network failed in a way that may pass (5xx, 429, connection errors). */
    TRANSIENT,
    /** The run's folder in the bucket already holds objects (of an earlier run). */
    ALREADY_EXISTS,
    /** Anything else (a bad request, a missing local file). */
    OTHER;

    /** Whether trying again may help. */
    public boolean retryable() {
      return this == TRANSIENT;
    }
  }

  private final Kind kind;

  public StorageException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StorageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
