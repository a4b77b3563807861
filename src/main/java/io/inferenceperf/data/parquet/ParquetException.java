package io.inferenceperf.data.parquet;

import java.io.IOException;

/** A Parquet file that cannot be read; the message names the file and what is wrong with it. */
public final class ParquetException extends IOException {
  ParquetException(String message) {
    super(message);
  }
}
