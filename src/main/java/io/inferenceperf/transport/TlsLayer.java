package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import io.inferenceperf.time.NanoClock;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS under the HTTP/1.1 connections of an {@code https://} base URL: one client context for the run, and per
 * connection a pipeline of [arrival stamp, TLS, {@link Connection}]. The stamp sits before the decryption so that
 * response times are read as the encrypted bytes arrive, as they are without TLS.
 */
final class TlsLayer {
  private final SslContext context;
  private final ServerAddress address;
  private final NanoClock clock;
  private final TlsSettings settings;
  private final long handshakeTimeoutMillis;

  /** {@code handshakeTimeoutNanos}: how long a handshake may take (the connect timeout; 0 = Netty's 10 s). */
  TlsLayer(TlsSettings settings, ServerAddress address, NanoClock clock, long handshakeTimeoutNanos) {
    this.context = settings.nettyContext();
    this.settings = settings;
    this.handshakeTimeoutMillis = handshakeTimeoutNanos <= 0 ? 0 : Math.max(1, handshakeTimeoutNanos / 1_000_000);
    this.address = address;
    this.clock = clock;
  }

  /** The channel initializer of one connection. */
  ChannelHandler initializer(Connection connection) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        SslHandler tls = context.newHandler(channel.alloc(), address.host(), address.port());
        if (handshakeTimeoutMillis > 0) tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        channel.pipeline().addLast("arrival", new ArrivalStamp(connection, clock)).addLast("tls", tls)
            .addLast("http", connection);
      }
    };
  }

  /** Completes when the connection's TLS handshake has. */
  static Future<Channel> handshake(Channel channel) {
    return channel.pipeline().get(SslHandler.class).handshakeFuture();
  }

  /** What a failed handshake is recorded as: a connection failure naming the cause and the fix. */
  Failure handshakeFailure(Throwable cause) {
    String where = address.host() + ":" + address.port();
    if (cause instanceof SslHandshakeTimeoutException) {
      return Failure.of(Failure.Kind.TIMEOUT, "TLS handshake with " + where + " timed out after "
          + (handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : 10_000) + " ms (load.connect_timeout); is the server speaking https on that port?");
    }
    String expiry = CertificateDates.problem(cause);
    if (expiry != null) {
      return Failure.of(Failure.Kind.CONNECTION, "TLS handshake with " + where + " failed: " + expiry);
    }
    Throwable root = cause;
    boolean certificate = false;
    while (root.getCause() != null && root.getCause() != root) {
      certificate |= root instanceof CertificateException;
      root = root.getCause();
    }
    certificate |= root instanceof CertificateException
        || String.valueOf(root.getMessage()).contains("PKIX path");
    String detail = root.getClass().getSimpleName() + ": " + root.getMessage();
    String fix;
    if (certificate) {
      fix = settings.caFile() == null
          ? "; the server's certificate is not trusted by this JVM (or does not name the host): set SSL_CERT_FILE"
              + " to a PEM file with the CA that signed it"
          : "; the server's certificate is not signed by a CA in SSL_CERT_FILE " + settings.caFile()
              + " (or does not name the host)";
    } else if (cause instanceof SSLHandshakeException || root instanceof SSLHandshakeException) {
      fix = settings.certFile() == null
          ? "; if the server asks for a client certificate, set server.cert_path and server.key_path" : "";
    } else {
      fix = "; is the server speaking https on that port?";
    }
    return Failure.of(Failure.Kind.CONNECTION, "TLS handshake with " + where + " failed: " + detail + fix);
  }

  /**
   * A fix for the alerts a server sends after the client's side of the handshake is done (TLS 1.3 checks the client
   * certificate then), or "" when there is none to suggest.
   */
  static String alertHint(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (message.contains("certificate_required") || message.contains("bad_certificate")
        || message.contains("unknown_ca")) {
      return "; the server wants a client certificate it trusts: set server.cert_path and server.key_path";
    }
    return "";
  }

  /** Reads the clock as (encrypted) bytes arrive; {@link Connection} uses that reading for what they carry. */
  private static final class ArrivalStamp extends ChannelInboundHandlerAdapter {
    private final Connection connection;
    private final NanoClock clock;

    ArrivalStamp(Connection connection, NanoClock clock) {
      this.connection = connection;
      this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      connection.rawArrivalNanos = clock.nanoTime();
      ctx.fireChannelRead(msg);
    }
  }
}
