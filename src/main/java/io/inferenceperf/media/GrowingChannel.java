package io.inferenceperf.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jcodec.common.io.SeekableByteChannel;

/**
 * An in-memory channel for jcodec's muxer that grows as it is written (the muxer seeks back to patch headers), so
 * that an encoding takes the memory of its output, not of the raw frames.
 */
final class GrowingChannel implements SeekableByteChannel {

  private byte[] data = new byte[64 * 1024];
  private int size;
  private int position;
  private boolean open = true;

  byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }

  @Override
  public int write(ByteBuffer source) {
    int length = source.remaining();
    if (position + length > data.length) {
      data = Arrays.copyOf(data, Math.max(position + length, (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length)));
    }
    source.get(data, position, length);
    position += length;
    size = Math.max(size, position);
    return length;
  }

  @Override
  public int read(ByteBuffer target) {
    if (position >= size) return -1;
    int length = Math.min(target.remaining(), size - position);
    target.put(data, position, length);
    position += length;
    return length;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel setPosition(long newPosition) {
    position = Math.toIntExact(newPosition);
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    size = Math.min(size, Math.toIntExact(newSize));
    position = Math.min(position, size);
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
