package io.inferenceperf.transport;

import io.inferenceperf.common.Pem;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the client does TLS for an {@code https://} base URL, the way inference-perf (Python's
 * {@code ssl.create_default_context}) does: the server's certificate and host name are verified against the JVM's
 * trusted CAs, or, when the environment sets {@code SSL_CERT_FILE}, against the PEM certificates in that file
 * instead (as OpenSSL reads it); {@code server.cert_path} and {@code server.key_path} add a client certificate (mTLS).
 *
 * @param caFile PEM CA bundle replacing the JVM's trusted CAs, or null
 * @param certFile PEM client certificate chain (server.cert_path), or null
 * @param keyFile PEM PKCS#8 private key of that certificate (server.key_path), or null
 */
public record TlsSettings(Path caFile, Path certFile, Path keyFile) {
  /** The JVM's trusted CAs, no client certificate. */
  public static final TlsSettings DEFAULT = new TlsSettings(null, null, null);

  /** From {@code SSL_CERT_FILE} in {@code env} and the config's cert and key paths (either may be null). */
  public static TlsSettings from(Map<String, String> env, String certPath, String keyPath) {
    String bundle = env.get("SSL_CERT_FILE");
    return new TlsSettings(bundle == null || bundle.isBlank() ? null : Path.of(bundle),
        certPath == null ? null : Path.of(certPath), keyPath == null ? null : Path.of(keyPath));
  }

  /** Netty's client context; IllegalArgumentException naming the file and setting that could not be used. */
  SslContext nettyContext() {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .endpointIdentificationAlgorithm("HTTPS")
          .trustManager(trustManagers());
      KeyManagerFactory keys = keyManagers();
      if (keys != null) builder.keyManager(keys);
      return builder.build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The same trust and client key for the JDK's HTTP client (GET /v1/models). */
  public SSLContext jdkContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      KeyManagerFactory keys = keyManagers();
      context.init(keys == null ? null : keys.getKeyManagers(), trustManagers().getTrustManagers(),
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private TrustManagerFactory trustManagers() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(caFile == null ? null : Pem.trustStore(read(caFile, "SSL_CERT_FILE")));
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("SSL_CERT_FILE " + caFile + ": " + e.getMessage(), e);
    }
  }

  private KeyManagerFactory keyManagers() {
    if (certFile == null && keyFile == null) return null;
    if (certFile == null || keyFile == null) {
      throw new IllegalArgumentException("server.cert_path and server.key_path go together: set both or neither");
    }
    try {
      KeyStore store = Pem.keyStore(read(certFile, "server.cert_path"), read(keyFile, "server.key_path"));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, Pem.NO_PASSWORD);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "server.cert_path " + certFile + " / server.key_path " + keyFile + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file, String setting) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + ": cannot read " + file + " (" + e.getMessage() + ")", e);
    }
  }
}
