/**
 * A small Parquet reader (no Hadoop, no Arrow): the footer's FileMetaData decoded from Thrift's compact protocol
 * ({@link io.inferenceperf.data.parquet.ThriftCompact}), then one row group at a time, each selected column chunk
 * read page by page (data pages v1 and v2, dictionary pages; PLAIN, dictionary, RLE/bit-packed and DELTA encodings;
 * UNCOMPRESSED, SNAPPY, GZIP and ZSTD), and the rows assembled from repetition and definition levels into plain
 * Java values: {@code Map<String, Object>} for groups, {@code List<Object>} for LIST and repeated fields,
 * {@code String} for UTF-8 columns, {@code byte[]} for other binary columns, boxed numbers and booleans, null for
 * absent values. Entry point: {@link io.inferenceperf.data.parquet.ParquetFile}. A file that is not Parquet, cut
 * short, damaged or uses an unsupported feature is a {@link io.inferenceperf.data.parquet.ParquetException} whose
 * message names the file and what is wrong. Memory: the footer, one page per selected column and its dictionary.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.data.parquet;
