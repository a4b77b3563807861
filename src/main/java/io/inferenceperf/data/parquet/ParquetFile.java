package io.inferenceperf.data.parquet;

import io.inferenceperf.data.parquet.ColumnReader.Triplet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Parquet file opened for reading: its footer is read at once, rows are read on demand, one row group at a time,
 * and only the top-level columns asked for ({@link #rows}). Every problem with the file is a
 * {@link ParquetException} naming it.
 */
public final class ParquetFile implements AutoCloseable {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
  /** A footer larger than this is taken for damage rather than allocated. */
  private static final int MAX_FOOTER_BYTES = 64 << 20;

  private final Path path;
  private final FileChannel channel;
  private final FileMetadata metadata;

  private ParquetFile(Path path, FileChannel channel, FileMetadata metadata) {
    this.path = path;
    this.channel = channel;
    this.metadata = metadata;
  }

  /** Opens {@code path} and reads its footer. */
  public static ParquetFile open(Path path) throws ParquetException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ParquetException(path + " does not exist");
    } catch (IOException e) {
      throw new ParquetException(path + " cannot be opened (" + e.getMessage() + ")");
    }
    try {
      return new ParquetFile(path, channel, footer(path, channel));
    } catch (ParquetException e) {
      closeQuietly(channel);
      throw e;
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw problem(path, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ParquetException(path + " cannot be read (" + e.getMessage() + ")");
    }
  }

  private static FileMetadata footer(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 12) {
      throw new ParquetException(path + " is not a Parquet file: it has " + size + " bytes, fewer than a Parquet"
          + " file's 12-byte frame (cut short?)");
    }
    byte[] head = read(channel, 0, 4);
    byte[] tail = read(channel, size - 8, 8);
    byte[] tailMagic = java.util.Arrays.copyOfRange(tail, 4, 8);
    if (java.util.Arrays.equals(tailMagic, ENCRYPTED_MAGIC)) {
      throw new ParquetException(path + " is an encrypted Parquet file, which is not read");
    }
    if (!java.util.Arrays.equals(head, MAGIC)) {
      throw new ParquetException(path + " is not a Parquet file: it does not start with PAR1");
    }
    if (!java.util.Arrays.equals(tailMagic, MAGIC)) {
      throw new ParquetException(path + " is not a complete Parquet file: it does not end with PAR1 (cut short?)");
    }
    int length = new ByteCursor(tail).i32();
    if (length <= 0 || length > size - 12 || length > MAX_FOOTER_BYTES) {
      throw new ParquetException(path + " is damaged: its footer length " + Integer.toUnsignedString(length)
          + " does not fit in its " + size + " bytes");
    }
    byte[] footer = read(channel, size - 8 - length, length);
    return FileMetadata.decode(new ThriftCompact(new ByteCursor(footer)).struct());
  }

  /** The number of rows the footer gives. */
  public long rowCount() {
    return metadata.rowCount();
  }

  /** The top-level column names, in schema order. */
  public List<String> columns() {
    return metadata.root().children.stream().map(c -> c.name).toList();
  }

  /** The file's path. */
  public Path path() {
    return path;
  }

  /**
   * The rows with only the top-level columns in {@code wanted} that the file has (all of them when it is empty);
   * each row is a map of column name to value.
   */
  public Rows rows(Set<String> wanted) {
    List<SchemaNode> selected = new ArrayList<>();
    for (SchemaNode child : metadata.root().children) {
      if (wanted.isEmpty() || wanted.contains(child.name)) selected.add(child);
    }
    return new Rows(selected);
  }

  /** Rows read one at a time; a row group's column readers are opened when its first row is read. */
  public final class Rows {
    private final List<SchemaNode> selected;
    private final List<SchemaNode> leaves = new ArrayList<>();
    private int group = -1;
    private long leftInGroup;
    private List<ColumnReader> readers = List.of();

    private Rows(List<SchemaNode> selected) {
      this.selected = selected;
      for (SchemaNode node : selected) leaves.addAll(node.leaves());
    }

    /** The next row, or null after the last. */
    public Map<String, Object> next() throws ParquetException {
      try {
        while (leftInGroup == 0) {
          if (group + 1 >= metadata.rowGroups().size()) return null;
          openGroup(++group);
        }
        leftInGroup--;
        return row();
      } catch (ParquetException e) {
        throw e;
      } catch (IOException e) {
        throw new ParquetException(path + " cannot be read (" + e.getMessage() + ")");
      } catch (RuntimeException e) {
        throw problem(path, e);
      }
    }

    private void openGroup(int index) throws IOException {
      FileMetadata.RowGroup rowGroup = metadata.rowGroups().get(index);
      List<ColumnReader> opened = new ArrayList<>();
      for (SchemaNode leaf : leaves) {
        opened.add(new ColumnReader(channel, leaf, rowGroup.columns().get(leaf.leafIndex)));
      }
      readers = opened;
      leftInGroup = rowGroup.rowCount();
    }

    private Map<String, Object> row() throws IOException {
      Map<SchemaNode, List<Triplet>> slices = new LinkedHashMap<>();
      for (int i = 0; i < leaves.size(); i++) {
        List<Triplet> triplets = readers.get(i).nextRow();
        if (triplets == null) {
          throw new ByteCursor.Truncated("the column " + leaves.get(i).dotted() + " of row group " + group
              + " has fewer rows than the row group's " + metadata.rowGroups().get(group).rowCount());
        }
        slices.put(leaves.get(i), triplets);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (SchemaNode node : selected) {
        Map<SchemaNode, List<Triplet>> own = new LinkedHashMap<>();
        for (SchemaNode leaf : node.leaves()) own.put(leaf, slices.get(leaf));
        row.put(node.name, RowAssembler.value(node, own));
      }
      return row;
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static ParquetException problem(Path path, RuntimeException e) {
    String what = e instanceof ByteCursor.Truncated ? e.getMessage() : e.toString();
    return new ParquetException(path + " is damaged or not a Parquet file this reader can read: " + what);
  }

  private static byte[] read(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) throw new IOException("unexpected end of file");
    }
    return buffer.array();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written; closing a reader cannot lose data
    }
  }
}
