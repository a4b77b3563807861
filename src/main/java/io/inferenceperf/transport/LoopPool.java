package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import io.inferenceperf.time.NanoClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import javax.net.ssl.SSLException;

/**
 * The connections, the waiting queue and the timeouts of one event loop. Confined to that loop's thread: no locks.
 *
 * <p>Dispatch: a request takes the most recently used idle connection, else opens a new one while the loop is under
 * {@code maxConnectionsPerLoop}, else waits in FIFO order; it also waits while {@code maxInFlightPerLoop} requests
 * are active. The wait is before the send time, so it shows as schedule delay (open-loop accounting).
 *
 * <p>Failures: a connection that saw a transport error, a timeout or a malformed response is closed, never reused.
 * A complete HTTP error response (4xx/5xx with its body read) leaves the connection reusable. Nothing is retried:
 * a retry would hide the failure and distort the timings.
 */
final class LoopPool {

  /**
   * Idle connections older than this are closed instead of reused: servers close idle keep-alive connections
   * (uvicorn, under vLLM, after 5 s), and writing into one they are closing loses the request.
   */
  static final long IDLE_REUSE_LIMIT_NANOS = 4_000_000_000L;

  final EventLoop loop;
  private final Bootstrap bootstrap;
  private final HttpTransport transport;
  private final TransportOptions options;
  private final NanoClock clock;
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayList<Connection> connections = new ArrayList<>();
  private int active;
  /** Copy target for direct buffers, shared by the loop's connections: reads are handled one at a time. */
  private byte[] scratch = new byte[16 * 1024];

  LoopPool(EventLoop loop, Bootstrap bootstrap, HttpTransport transport, TransportOptions options) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.transport = transport;
    this.options = options;
    this.clock = options.clock();
  }

  /** Requests assigned to a connection (connecting, written or being read). */
  int active() {
    return active;
  }

  int waiting() {
    return waiting.size();
  }

  int openConnections() {
    return connections.size();
  }

  /** The loop's scratch array, at least {@code length} bytes; valid until the next call. */
  byte[] scratch(int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    return scratch;
  }

  /** A request's time has come: queue it, unless an abort ended it while it was held. */
  void start(Exchange exchange) {
    Failure aborted = transport.abortedBeforeStart(exchange);
    if (aborted != null) {
      exchange.listener.onAbort(aborted, clock.nanoTime());
      complete(exchange);
      return;
    }
    submit(exchange);
  }

  void submit(Exchange exchange) {
    waiting.addLast(exchange);
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      if (options.maxInFlightPerLoop() > 0 && active >= options.maxInFlightPerLoop()) {
        return;
      }
      Connection connection = takeIdle();
      if (connection == null) {
        if (connections.size() >= options.maxConnectionsPerLoop()) {
          return;
        }
        connection = open();
      }
      active++;
      connection.assign(waiting.pollFirst());
    }
  }

  private Connection takeIdle() {
    long now = clock.nanoTime();
    Connection connection;
    while ((connection = idle.pollLast()) != null) {
      if (!connection.retired && connection.channel.isActive()
          && now - connection.idleSinceNanos < IDLE_REUSE_LIMIT_NANOS) {
        return connection;
      }
      retire(connection);
    }
    return null;
  }

  private Connection open() {
    Connection connection = new Connection(this, clock);
    connection.index = connections.size();
    connections.add(connection);
    TlsLayer tls = transport.tlsLayer();
    ChannelFuture connecting = bootstrap.clone().handler(tls == null ? connection : tls.initializer(connection)).connect();
    connection.channel = connecting.channel();
    connecting.addListener((ChannelFuture done) -> {
      if (tls != null && done.isSuccess()) {
        // The request's clock starts once the TLS session is up, as it starts once TCP is up without TLS.
        TlsLayer.handshake(done.channel()).addListener(handshake -> onConnected(connection, handshake.isSuccess(),
            handshake.isSuccess() ? null : tls.handshakeFailure(handshake.cause())));
      } else {
        onConnected(connection, done.isSuccess(), done.isSuccess() ? null : connectFailure(done.cause()));
      }
    });
    return connection;
  }

  private void onConnected(Connection connection, boolean success, Failure failure) {
    if (success) {
      connection.connected = true;
      Exchange pending = connection.exchange;
      if (pending != null) {
        connection.write(pending);
      } else {
        release(connection); // its request was aborted while connecting
      }
      return;
    }
    remove(connection);
    connection.channel.close();
    Exchange pending = connection.exchange;
    if (pending != null) {
      connection.exchange = null;
      active--;
      pending.listener.onAbort(failure, clock.nanoTime());
      complete(pending);
    }
    drain();
  }

  private Failure connectFailure(Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return Failure.of(Failure.Kind.TIMEOUT,
          "connect timeout: no TCP connection within " + seconds(options.connectTimeoutNanos()));
    }
    String what = cause instanceof ConnectException ? "connection refused or unreachable: " : "connect failed: ";
    return Failure.of(Failure.Kind.CONNECTION, what + describe(cause));
  }

  /** The response completed normally (success or HTTP error: the listener decides). */
  void finishExchange(Connection connection, boolean reusable) {
    Exchange done = connection.exchange;
    connection.exchange = null;
    active--;
    complete(done);
    if (reusable) {
      release(connection);
    } else {
      retire(connection);
    }
    drain();
  }

  /** Ends the connection's exchange with {@code failure} and closes the connection. */
  void failExchange(Connection connection, Failure failure, long nowNanos) {
    Exchange failed = connection.exchange;
    connection.exchange = null;
    retire(connection);
    if (failed != null) {
      active--;
      failed.listener.onAbort(failure, nowNanos);
      complete(failed);
    }
    drain();
  }

  /** The server sent bytes nobody asked for. */
  void discard(Connection connection) {
    retire(connection);
  }

  void onClosed(Connection connection, long nowNanos) {
    remove(connection);
    idle.remove(connection);
    connection.retired = true;
    Exchange open = connection.exchange;
    if (open != null) {
      connection.exchange = null;
      active--;
      if (!connection.closeEndsResponse(nowNanos)) {
        open.listener.onAbort(closedFailure(connection), nowNanos);
      }
      complete(open);
    }
    drain();
  }

  void onError(Connection connection, Throwable cause, long nowNanos) {
    if (cause instanceof DecoderException && cause.getCause() != null) {
      cause = cause.getCause(); // TLS errors arrive wrapped by the decoder that met them
    }
    if (!connection.connected && transport.tlsLayer() != null) {
      connection.channel.close(); // during the TLS handshake: its listener records the failure with the fix
      return;
    }
    if (connection.exchange == null) {
      retire(connection);
      return;
    }
    Failure failure;
    if (cause instanceof SSLException && transport.tlsLayer() != null) {
      failure = Failure.of(connection.responseStarted() ? Failure.Kind.STREAM_CUT : Failure.Kind.CONNECTION,
          "TLS error " + (connection.responseStarted() ? "mid-response: " : "before the response: ")
              + describe(cause) + TlsLayer.alertHint(cause));
    } else if (cause instanceof IOException) {
      failure = connection.responseStarted()
          ? Failure.of(Failure.Kind.STREAM_CUT, "connection error mid-response: " + describe(cause))
          : Failure.of(Failure.Kind.CONNECTION, "connection error before the response: " + describe(cause));
    } else {
      failure = Failure.of(Failure.Kind.OTHER, "unexpected error: " + describe(cause));
    }
    failExchange(connection, failure, nowNanos);
  }

  private static Failure closedFailure(Connection connection) {
    if (!connection.responseStarted()) {
      return Failure.of(Failure.Kind.CONNECTION, "the server closed the connection before responding");
    }
    return Failure.of(Failure.Kind.STREAM_CUT,
        "the server closed the connection mid-response after " + connection.bodyBytes() + " body bytes");
  }

  /** Fails requests whose header, idle or total timeout expired. Runs periodically on the loop. */
  void sweepTimeouts() {
    long now = clock.nanoTime();
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i >= connections.size()) {
        continue;
      }
      Connection connection = connections.get(i);
      Exchange exchange = connection.exchange;
      if (exchange == null || exchange.sentNanos < 0) {
        continue;
      }
      String expired = expiredTimeout(connection, exchange, now);
      if (expired != null) {
        failExchange(connection, Failure.of(Failure.Kind.TIMEOUT, expired), now);
      }
    }
  }

  private String expiredTimeout(Connection connection, Exchange exchange, long now) {
    long sent = exchange.sentNanos;
    if (options.totalTimeoutNanos() > 0 && now - sent >= options.totalTimeoutNanos()) {
      return "request timeout: not finished within " + seconds(options.totalTimeoutNanos()) + " of sending";
    }
    if (!connection.responseStarted()) {
      if (options.headerTimeoutNanos() > 0 && now - sent >= options.headerTimeoutNanos()) {
        return "header timeout: no response within " + seconds(options.headerTimeoutNanos()) + " of sending";
      }
    } else if (options.idleStreamTimeoutNanos() > 0
        && now - exchange.lastReadNanos >= options.idleStreamTimeoutNanos()) {
      return "idle stream timeout: no bytes for " + seconds(options.idleStreamTimeoutNanos());
    }
    return null;
  }

  /** Ends every request still waiting for a slot or a connection with {@code failure}; active ones go on. */
  void dropWaiting(Failure failure) {
    long now = clock.nanoTime();
    Exchange queued;
    while ((queued = waiting.pollFirst()) != null) {
      queued.listener.onAbort(failure, now);
      complete(queued);
    }
  }

  /** Ends every queued and active request with {@code failure}; their connections are closed. */
  void abortAll(Failure failure) {
    dropWaiting(failure);
    long now = clock.nanoTime();
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size() && connections.get(i).exchange != null) {
        failExchange(connections.get(i), failure, now);
      }
    }
  }

  /** Closes every connection (after {@link #abortAll}). */
  void closeAll() {
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size()) {
        retire(connections.get(i));
      }
    }
  }

  private void complete(Exchange exchange) {
    if (exchange.completed) {
      return;
    }
    exchange.completed = true;
    transport.completed(exchange);
  }

  private void release(Connection connection) {
    if (connection.retired || !connection.channel.isActive()) {
      retire(connection);
      return;
    }
    connection.idleSinceNanos = clock.nanoTime();
    idle.addLast(connection);
  }

  private void retire(Connection connection) {
    connection.retired = true;
    connection.channel.close();
  }

  private void remove(Connection connection) {
    int at = connection.index;
    if (at < 0) {
      return;
    }
    Connection last = connections.remove(connections.size() - 1);
    if (last != connection) {
      connections.set(at, last);
      last.index = at;
    }
    connection.index = -1;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
  }
}
