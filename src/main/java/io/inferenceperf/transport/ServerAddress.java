package io.inferenceperf.transport;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The parsed {@code server.base_url}: where to connect, what to send as Host, and the path prefix of every route.
 *
 * @param host the host to connect to
 * @param port the TCP port
 * @param hostHeader the Host header value (host, plus :port when not the default)
 * @param pathPrefix the base URL's path without a trailing slash ("" when none)
 * @param tls whether the scheme is https
 */
record ServerAddress(String host, int port, String hostHeader, String pathPrefix, boolean tls) {

  /** Parses {@code baseUrl}; throws IllegalArgumentException naming server.base_url for anything unusable. */
  static ServerAddress parse(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("server.base_url is required, e.g. http://localhost:8000");
    }
    URI uri;
    try {
      uri = new URI(baseUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("server.base_url is not a valid URL: " + baseUrl);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean tls = scheme.equals("https");
    if (!(tls || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "server.base_url must look like http://host:port or https://host:port, got: " + baseUrl);
    }
    int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
    String hostHeader = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ServerAddress(host, port, hostHeader, path, tls);
  }
}
