package io.inferenceperf.data.parquet;

import io.inferenceperf.data.parquet.ThriftCompact.Struct;

/**
 * A page's header (parquet.thrift PageHeader) with the parts of its data, dictionary or v2 header that a reader
 * needs; {@code headerBytes} is the length of the header itself in the file.
 */
record PageHeader(int type, int uncompressedSize, int compressedSize, int valueCount, int encoding,
    int definitionEncoding, int repetitionEncoding, int definitionBytes, int repetitionBytes, boolean compressed,
    int headerBytes) {

  static final int DATA_PAGE = 0;
  static final int DICTIONARY_PAGE = 2;
  static final int DATA_PAGE_V2 = 3;

  static PageHeader read(ByteCursor in) {
    int start = in.position();
    Struct header = new ThriftCompact(in).struct();
    int type = (int) header.required(1, "type");
    int uncompressed = (int) header.required(2, "uncompressed_page_size");
    int compressed = (int) header.required(3, "compressed_page_size");
    if (uncompressed < 0 || compressed < 0) throw new ByteCursor.Truncated("a page with a negative size");
    int length = in.position() - start;
    Struct data = header.struct(5);
    Struct dictionary = header.struct(7);
    Struct v2 = header.struct(8);
    if (type == DATA_PAGE && data != null) {
      return new PageHeader(type, uncompressed, compressed, (int) data.required(1, "num_values"),
          data.i32(2, 0), data.i32(3, Encoding.RLE), data.i32(4, Encoding.RLE), 0, 0, true, length);
    }
    if (type == DICTIONARY_PAGE && dictionary != null) {
      return new PageHeader(type, uncompressed, compressed, (int) dictionary.required(1, "num_values"),
          dictionary.i32(2, 0), 0, 0, 0, 0, true, length);
    }
    if (type == DATA_PAGE_V2 && v2 != null) {
      return new PageHeader(type, uncompressed, compressed, (int) v2.required(1, "num_values"), v2.i32(4, 0),
          Encoding.RLE, Encoding.RLE, v2.i32(5, 0), v2.i32(6, 0), v2.bool(7, true), length);
    }
    return new PageHeader(type, uncompressed, compressed, 0, 0, 0, 0, 0, 0, true, length); // skipped (index page)
  }
}
