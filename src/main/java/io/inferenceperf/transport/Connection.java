package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import io.inferenceperf.time.NanoClock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One pooled HTTP/1.1 keep-alive connection and the handler of its channel; carries one exchange at a time. All
 * methods run on the owning event loop.
 *
 * <p>Timing: {@link #channelRead} reads the clock first, before any decoding, and that reading is the arrival time
 * of everything completed by those bytes (SSE events, the end of the response). The send time is read right
 * before the request is handed to the socket in {@link #write}.
 */
final class Connection extends ChannelInboundHandlerAdapter {

  private final LoopPool pool;
  private final NanoClock clock;
  private final ResponseReader reader = new ResponseReader();

  Channel channel;
  Exchange exchange;
  /** Position in the pool's connection list, -1 once removed. */
  int index = -1;
  boolean connected;
  /** Must not carry another request (error, Connection: close, closing). */
  boolean retired;
  long idleSinceNanos;
  /** With TLS: when the encrypted bytes being decrypted now arrived (set by {@link TlsLayer}); 0 without TLS. */
  long rawArrivalNanos;

  Connection(LoopPool pool, NanoClock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Takes {@code next} and writes it now if connected, else once the connection is up. */
  void assign(Exchange next) {
    exchange = next;
    if (connected) {
      write(next);
    }
  }

  void write(Exchange next) {
    reader.start(next.listener);
    byte[] body = next.body;
    ByteBuf out = channel.alloc().directBuffer(next.head.size(body.length));
    next.head.writeRequest(out, body);
    long sentNanos = clock.nanoTime();
    next.sentNanos = sentNanos;
    next.listener.onSent(sentNanos);
    next.lastReadNanos = sentNanos;
    channel.writeAndFlush(out, channel.voidPromise());
  }

  boolean responseStarted() {
    return reader.started();
  }

  long bodyBytes() {
    return reader.bodyBytes();
  }

  /** The connection closed: true when that ended the response normally (the listener has been told). */
  boolean closeEndsResponse(long nowNanos) {
    return reader.onConnectionClosed(nowNanos);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // First thing: the bytes' arrival time, before any parsing (with TLS, read before the decryption).
    long arrivalNanos = rawArrivalNanos != 0 ? rawArrivalNanos : clock.nanoTime();
    ByteBuf bytes = (ByteBuf) msg;
    try {
      onBytes(bytes, arrivalNanos);
    } finally {
      bytes.release();
    }
  }

  private void onBytes(ByteBuf bytes, long arrivalNanos) {
    Exchange current = exchange;
    if (current == null) {
      pool.discard(this); // nothing was asked: a misbehaving server, never reuse
      return;
    }
    current.lastReadNanos = arrivalNanos;
    int length = bytes.readableBytes();
    byte[] array;
    int offset;
    if (bytes.hasArray()) {
      array = bytes.array();
      offset = bytes.arrayOffset() + bytes.readerIndex();
    } else {
      array = pool.scratch(length);
      bytes.getBytes(bytes.readerIndex(), array, 0, length);
      offset = 0;
    }
    int consumed = reader.feed(array, offset, length, arrivalNanos);
    if (reader.failed()) {
      pool.failExchange(
          this, Failure.of(Failure.Kind.PROTOCOL, "malformed HTTP response: " + reader.error()), arrivalNanos);
    } else if (reader.complete()) {
      pool.finishExchange(this, reader.keepAlive() && consumed == length);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.onClosed(this, clock.nanoTime());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    pool.onError(this, cause, clock.nanoTime());
  }
}
