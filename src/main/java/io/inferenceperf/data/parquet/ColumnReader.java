package io.inferenceperf.data.parquet;

import io.inferenceperf.data.parquet.FileMetadata.ColumnChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one column chunk page by page (only one page and the dictionary are held) as (repetition level, definition
 * level, value) triplets, and cuts them into rows: a row's triplets run up to the next one at repetition level 0.
 */
final class ColumnReader {

  /** One entry of a column: the value is null when the definition level is below the column's maximum. */
  record Triplet(int repetition, int definition, Object value) {}

  /** A page larger than this is taken for damage rather than allocated. */
  static final int MAX_PAGE_BYTES = 256 << 20;
  private static final int FIRST_HEADER_READ = 64 << 10;
  private static final int MAX_HEADER_BYTES = 16 << 20;

  private final FileChannel file;
  private final SchemaNode leaf;
  private final ColumnChunk chunk;
  private final long end;
  private long position;
  private Object[] dictionary;
  // The current page, decoded.
  private int[] repetitions = new int[0];
  private int[] definitions = new int[0];
  private Object[] values = new Object[0];
  private int[] ids;
  private int index;
  private int valueIndex;
  private Triplet pending;

  ColumnReader(FileChannel file, SchemaNode leaf, ColumnChunk chunk) throws IOException {
    String unsupported = Codec.unsupported(chunk.codec());
    if (unsupported != null) throw new ByteCursor.Truncated(unsupported);
    if (leaf.type == PhysicalType.INT96) throw Values.int96(leaf);
    this.file = file;
    this.leaf = leaf;
    this.chunk = chunk;
    this.position = chunk.firstPageOffset();
    this.end = chunk.firstPageOffset() + chunk.compressedSize();
    if (position < 4 || end > file.size() || chunk.compressedSize() < 0) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " points at bytes " + position + " to " + end
          + ", outside the file's " + file.size());
    }
  }

  /** The triplets of the next row, or null after the last. */
  List<Triplet> nextRow() throws IOException {
    Triplet first = pending != null ? pending : read();
    pending = null;
    if (first == null) return null;
    if (first.repetition() != 0) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " starts a row at repetition level "
          + first.repetition());
    }
    List<Triplet> row = new ArrayList<>(4);
    row.add(first);
    while (true) {
      Triplet next = read();
      if (next == null) return row;
      if (next.repetition() == 0) {
        pending = next;
        return row;
      }
      row.add(next);
    }
  }

  private Triplet read() throws IOException {
    while (index >= definitions.length) {
      if (!nextPage()) return null;
    }
    int repetition = repetitions.length == 0 ? 0 : repetitions[index];
    int definition = definitions[index];
    index++;
    Object value = null;
    if (definition == leaf.maxDefinition) {
      if (valueIndex >= (ids != null ? ids.length : values.length)) {
        throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has fewer values than its levels say");
      }
      value = ids != null ? lookUp(ids[valueIndex++]) : values[valueIndex++];
    }
    return new Triplet(repetition, definition, value);
  }

  private Object lookUp(int id) {
    if (dictionary == null) throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has no dictionary page");
    if (id < 0 || id >= dictionary.length) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has a dictionary id " + id + " of "
          + dictionary.length);
    }
    return dictionary[id];
  }

  /** Loads the next data page (reading a dictionary page on the way); false at the chunk's end. */
  private boolean nextPage() throws IOException {
    while (position < end) {
      PageHeader header = header();
      position += header.headerBytes();
      if (header.compressedSize() > MAX_PAGE_BYTES || header.uncompressedSize() > MAX_PAGE_BYTES) {
        throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has a page of " + header.uncompressedSize()
            + " bytes, over the limit of " + MAX_PAGE_BYTES);
      }
      byte[] body = readFully(position, header.compressedSize());
      position += header.compressedSize();
      switch (header.type()) {
        case PageHeader.DICTIONARY_PAGE -> dictionary(header, body);
        case PageHeader.DATA_PAGE -> {
          dataPage(header, Codec.decompress(chunk.codec(), body, 0, body.length, header.uncompressedSize()));
          return true;
        }
        case PageHeader.DATA_PAGE_V2 -> {
          dataPageV2(header, body);
          return true;
        }
        default -> { } // index pages are not needed
      }
    }
    return false;
  }

  private PageHeader header() throws IOException {
    int want = (int) Math.min(FIRST_HEADER_READ, end - position);
    while (true) {
      byte[] bytes = readFully(position, want);
      try {
        return PageHeader.read(new ByteCursor(bytes));
      } catch (ByteCursor.Truncated e) {
        // Large statistics can make a header longer than the first read; read more, up to the chunk's end.
        if (want >= end - position || want >= MAX_HEADER_BYTES) throw e;
        want = (int) Math.min(Math.min((long) want * 4, MAX_HEADER_BYTES), end - position);
      }
    }
  }

  private void dictionary(PageHeader header, byte[] body) {
    if (header.encoding() != Encoding.PLAIN && header.encoding() != Encoding.PLAIN_DICTIONARY) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has a dictionary in "
          + Encoding.name(header.encoding()));
    }
    byte[] plain = Codec.decompress(chunk.codec(), body, 0, body.length, header.uncompressedSize());
    dictionary = Values.decode(new ByteCursor(plain), leaf, Encoding.PLAIN, header.valueCount());
  }

  private void dataPage(PageHeader header, byte[] page) {
    ByteCursor in = new ByteCursor(page);
    int count = header.valueCount();
    repetitions = leaf.maxRepetition == 0 ? new int[0]
        : levels(in, header.repetitionEncoding(), leaf.maxRepetition, count, "repetition");
    definitions = leaf.maxDefinition == 0 ? new int[count]
        : levels(in, header.definitionEncoding(), leaf.maxDefinition, count, "definition");
    values(in, header.encoding(), count);
  }

  private int[] levels(ByteCursor in, int encoding, int max, int count, String what) {
    if (encoding != Encoding.RLE) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has " + what + " levels in "
          + Encoding.name(encoding) + ", which is not read (RLE is)");
    }
    int length = in.i32();
    return RleHybrid.decode(in.slice(length), RleHybrid.bitWidth(max), count);
  }

  private void dataPageV2(PageHeader header, byte[] body) {
    int count = header.valueCount();
    ByteCursor in = new ByteCursor(body);
    ByteCursor repetitionLevels = in.slice(header.repetitionBytes());
    ByteCursor definitionLevels = in.slice(header.definitionBytes());
    repetitions = leaf.maxRepetition == 0 ? new int[0]
        : RleHybrid.decode(repetitionLevels, RleHybrid.bitWidth(leaf.maxRepetition), count);
    definitions = leaf.maxDefinition == 0 ? new int[count]
        : RleHybrid.decode(definitionLevels, RleHybrid.bitWidth(leaf.maxDefinition), count);
    int levelBytes = header.repetitionBytes() + header.definitionBytes();
    int compressedValues = body.length - levelBytes;
    int uncompressedValues = header.uncompressedSize() - levelBytes;
    byte[] data = header.compressed() && compressedValues > 0
        ? Codec.decompress(chunk.codec(), body, levelBytes, compressedValues, uncompressedValues)
        : java.util.Arrays.copyOfRange(body, levelBytes, body.length);
    values(new ByteCursor(data), header.encoding(), count);
  }

  private void values(ByteCursor in, int encoding, int levelCount) {
    int present = 0;
    for (int definition : definitions) if (definition == leaf.maxDefinition) present++;
    index = 0;
    valueIndex = 0;
    if (Encoding.isDictionary(encoding)) {
      ids = Values.dictionaryIds(in, present);
      values = new Object[0];
    } else {
      ids = null;
      values = Values.decode(in, leaf, encoding, present);
    }
    if (definitions.length != levelCount) throw new ByteCursor.Truncated("a page's levels do not match its count");
  }

  private byte[] readFully(long at, int length) throws IOException {
    if (at + length > end) {
      throw new ByteCursor.Truncated("a page of the column " + leaf.dotted() + " runs past its column chunk");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, at + buffer.position());
      if (read < 0) throw new ByteCursor.Truncated("the file ends inside the column " + leaf.dotted());
    }
    return buffer.array();
  }
}
