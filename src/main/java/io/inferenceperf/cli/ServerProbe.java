package io.inferenceperf.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Before the load: can a TCP connection to the server be opened at all? A server that is down or a host name that
 * does not resolve is said once, before anything is sent, instead of as thousands of failed requests. Only the
 * connection is tried (nothing is sent on it); the model lookup of /v1/models does the same job when it runs.
 */
final class ServerProbe {
  private ServerProbe() {}

  static void checkReachable(String baseUrl, Duration timeout) throws UserError {
    URI uri = URI.create(baseUrl.strip());
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
    String host = uri.getHost();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
    } catch (UnknownHostException e) {
      throw new UserError(ExitCode.RUN_FAILED, "the host name '" + host + "' of server.base_url " + baseUrl
          + " does not resolve (DNS); check server.base_url. Nothing was sent.");
    } catch (SocketTimeoutException e) {
      throw new UserError(ExitCode.RUN_FAILED, "no answer from " + host + ":" + port + " (server.base_url "
          + baseUrl + ") within load.connect_timeout " + timeout.toMillis() / 1000.0 + " s: is the server up and"
          + " reachable from here? Nothing was sent.");
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot connect to " + host + ":" + port + " (server.base_url "
          + baseUrl + "): " + e.getMessage() + ". Is the server up? Check server.base_url. Nothing was sent.");
    }
  }
}
