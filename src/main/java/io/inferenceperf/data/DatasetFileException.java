package io.inferenceperf.data;

import java.io.IOException;

/** A data file that cannot be used as it is; the message names the file, where in it, what was expected and the fix. */
final class DatasetFileException extends IOException {
  DatasetFileException(String message) {
    super(message);
  }
}
