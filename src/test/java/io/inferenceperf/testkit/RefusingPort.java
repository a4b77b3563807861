package io.inferenceperf.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses every connection for as long as this is open: a socket bound to it that never
 * listens. Unlike a port found free and then released, no other server of a parallel test JVM can take it and
 * answer in its place.
 */
public final class RefusingPort implements AutoCloseable {
  private final Socket holder;

  public RefusingPort() throws IOException {
    holder = new Socket();
    holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  public int port() {
    return holder.getLocalPort();
  }

  /** {@code http://127.0.0.1:port} */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() throws IOException {
    holder.close();
  }
}
