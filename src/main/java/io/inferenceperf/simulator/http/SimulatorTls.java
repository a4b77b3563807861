package io.inferenceperf.simulator.http;

import io.inferenceperf.common.Pem;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** The simulator's https: a PKCS#12 key store (tls_keystore) and, for mTLS, the CAs of client certificates. */
final class SimulatorTls {
  private SimulatorTls() {}

  /** The server context, or null for plain http; IllegalArgumentException naming the option that failed. */
  static SslContext serverContext(SimulatorOptions options) {
    if (!options.tls()) return null;
    try {
      char[] password = options.tlsKeystorePassword().toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(options.tlsKeystore()))) {
        store.load(in, password);
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK);
      if (!options.tlsClientCa().isEmpty()) {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(Pem.trustStore(Files.readString(Path.of(options.tlsClientCa()), StandardCharsets.US_ASCII)));
        builder.trustManager(trust).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tls_keystore " + options.tlsKeystore() + " / tls_client_ca '"
          + options.tlsClientCa() + "': " + e.getMessage(), e);
    }
  }
}
