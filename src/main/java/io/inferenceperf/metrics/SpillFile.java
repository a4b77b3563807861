package io.inferenceperf.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Scratch space on disk for the exact values of one aggregate's distributions, so that the heap holds only a small
 * block per distribution however long the run: full blocks are appended here and read back, one distribution at a
 * time, when a report asks for percentiles. The aggregation's only I/O.
 *
 * <p>The file is created only when the first block is written, and unlinked right after it is opened (POSIX keeps it
 * readable through the open channel), so nothing is left behind when the channel closes or the process ends, even
 * when it is killed. Where unlinking an open file fails (Windows) it is deleted on {@link #close()} or at exit.
 *
 * <p>One aggregating thread owns it; its methods are synchronized only so that a report read racing a late write (a
 * recorder thread that outlived its close timeout) cannot mix up the shared I/O buffer.
 */
final class SpillFile implements AutoCloseable {

  private static final int IO_BUFFER_LONGS = 8192;

  private final Path directory;
  private final Consumer<IOException> onWriteFailure;
  private FileChannel channel;
  private Path leftOnDisk;
  private long sizeBytes;
  private ByteBuffer io;
  private boolean closed;

  /** @param directory where the scratch file goes (created if missing) */
  SpillFile(Path directory) {
    this(directory, e -> { });
  }

  /**
   * @param onWriteFailure told (before the append throws) when the open file cannot grow: a full disk, a quota, a
   *     file size limit; not when the file cannot be created
   */
  SpillFile(Path directory, Consumer<IOException> onWriteFailure) {
    this.directory = directory;
    this.onWriteFailure = onWriteFailure;
  }

  /** Appends {@code values[from, from + n)}; returns the byte offset at which they start. */
  synchronized long append(long[] values, int from, int n) throws IOException {
    return withoutInterrupt(() -> appendUninterrupted(values, from, n));
  }

  /** Reads {@code n} values written at byte {@code offset} into {@code into[at, at + n)}. */
  synchronized void read(long offset, long[] into, int at, int n) throws IOException {
    withoutInterrupt(() -> readUninterrupted(offset, into, at, n));
  }

  private interface Io {
    long run() throws IOException;
  }

  /**
   * Runs {@code io} with the thread's interrupt cleared, then restores it: a FileChannel closes itself when its thread
   * is interrupted mid-call, which would lose every value of the stage.
   */
  private static long withoutInterrupt(Io io) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return io.run();
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private long appendUninterrupted(long[] values, int from, int n) throws IOException {
    FileChannel out = channel();
    try {
      return appendTo(out, values, from, n);
    } catch (IOException e) {
      onWriteFailure.accept(e);
      throw e;
    }
  }

  /** Writes after the values already there; a failed append leaves sizeBytes, so the earlier blocks stay readable. */
  private long appendTo(FileChannel out, long[] values, int from, int n) throws IOException {
    long start = sizeBytes;
    long position = start;
    for (int done = 0; done < n; ) {
      int chunk = Math.min(IO_BUFFER_LONGS, n - done);
      ByteBuffer buffer = ioBuffer();
      buffer.asLongBuffer().put(values, from + done, chunk);
      buffer.limit(chunk * Long.BYTES);
      while (buffer.hasRemaining()) {
        position += out.write(buffer, position);
      }
      done += chunk;
    }
    sizeBytes = position;
    return start;
  }

  private long readUninterrupted(long offset, long[] into, int at, int n) throws IOException {
    FileChannel in = channel();
    long position = offset;
    for (int done = 0; done < n; ) {
      int chunk = Math.min(IO_BUFFER_LONGS, n - done);
      ByteBuffer buffer = ioBuffer();
      buffer.limit(chunk * Long.BYTES);
      while (buffer.hasRemaining()) {
        int read = in.read(buffer, position);
        if (read < 0) {
          throw new IOException("scratch file " + leftOnDiskOrDirectory() + " ended early at byte " + position);
        }
        position += read;
      }
      buffer.flip();
      buffer.asLongBuffer().get(into, at + done, chunk);
      done += chunk;
    }
    return position;
  }

  /** Bytes written so far. */
  synchronized long sizeBytes() {
    return sizeBytes;
  }

  /** Frees the disk space; the values written are gone. Safe to call more than once. */
  @Override
  public synchronized void close() {
    closed = true;
    io = null;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a scratch file: nothing to save
      }
      channel = null;
    }
    if (leftOnDisk != null) {
      try {
        Files.deleteIfExists(leftOnDisk);
      } catch (IOException ignored) {
        // deleteOnExit was registered when it was created
      }
      leftOnDisk = null;
    }
  }

  private FileChannel channel() throws IOException {
    if (closed) {
      throw new IOException("scratch file already closed");
    }
    if (channel == null) {
      Path file = null;
      try {
        Files.createDirectories(directory);
        file = Files.createTempFile(directory, "inference-perf-values-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (IOException e) {
        deleteQuietly(file);
        throw new IOException("cannot create a scratch file in " + directory + " (" + e
            + "); point java.io.tmpdir at a writable directory, e.g. "
            + "INFERENCE_PERF_EXTRA_JVM_OPTS=-Djava.io.tmpdir=/some/dir", e);
      }
      try {
        Files.delete(file);
      } catch (IOException e) {
        leftOnDisk = file;
        file.toFile().deleteOnExit();
      }
    }
    return channel;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the reason the file could not be opened is what gets reported
    }
  }

  private ByteBuffer ioBuffer() {
    if (io == null) {
      io = ByteBuffer.allocate(IO_BUFFER_LONGS * Long.BYTES).order(ByteOrder.nativeOrder());
    }
    io.clear();
    return io;
  }

  private String leftOnDiskOrDirectory() {
    return String.valueOf(leftOnDisk != null ? leftOnDisk : directory);
  }
}
