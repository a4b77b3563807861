package io.inferenceperf.data.parquet;

/** Parquet's physical types, in the order of their Thrift enum values. */
enum PhysicalType {
  BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY;

  static PhysicalType of(int value) {
    if (value < 0 || value >= values().length) {
      throw new ByteCursor.Truncated("an unknown physical type " + value);
    }
    return values()[value];
  }
}
