package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https base URLs against the simulator serving real TLS (certificates made by keytool), including mTLS. */
class HttpTransportTlsTest {
  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCertificates.create(dir.resolve("certs"));
  }

  private static RunningSimulator simulator(boolean requireClientCert) {
    Map<String, Object> options = new LinkedHashMap<>(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1, "model", "m",
        "tls_keystore", certs.serverKeystore().toString(), "tls_keystore_password", certs.password()));
    if (requireClientCert) options.put("tls_client_ca", certs.clientCertPem().toString());
    return Simulator.start(SimulatorOptions.fromMap(options).orThrow());
  }

  @Test
  void streamsOverHttpsWhenTheServersCaIsTrusted() throws Exception {
    try (RunningSimulator sim = simulator(false);
        SenderTestSupport.Client client = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl())
            .withTls(new TlsSettings(certs.serverCertPem(), null, null)))) {
      assertTrue(sim.baseUrl().startsWith("https://127.0.0.1:"), sim.baseUrl());
      for (int i = 0; i < 3; i++) { // the first opens the TLS session, the others reuse the connection
        RequestRecord record = client.call(chatRequest());
        assertNull(record.failure(), () -> String.valueOf(record.failure()));
        assertEquals(200, record.httpStatus());
        assertEquals(8, record.chunkNanos().length, "one event per token, decrypted and framed");
        SenderTestSupport.assertTimelineOrdered(record);
        assertTrue(record.ttftNanos() >= 4_000_000, "TTFT holds the simulator's 5 ms: " + record.ttftNanos());
      }
      assertEquals(1, SenderTestSupport.loopStats(client.sender.transport())[0][2], "one TLS connection, kept alive");
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void anUntrustedCertificateIsARecordedConnectionFailureNamingTheFix() throws Exception {
    try (RunningSimulator sim = simulator(false);
        SenderTestSupport.Client jvmCas = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl()));
        SenderTestSupport.Client wrongCa = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl())
            .withTls(new TlsSettings(certs.otherCertPem(), null, null)))) {
      Failure failure = jvmCas.call(chatRequest()).failure();
      assertNotNull(failure);
      assertEquals(Failure.Kind.CONNECTION, failure.kind());
      assertTrue(failure.message().contains("TLS handshake with 127.0.0.1:"), failure.message());
      assertTrue(failure.message().contains("set SSL_CERT_FILE"), failure.message());
      Failure wrong = wrongCa.call(chatRequest()).failure();
      assertNotNull(wrong);
      assertTrue(wrong.message().contains("not signed by a CA in SSL_CERT_FILE"), wrong.message());
      jvmCas.assertAllCompletedOnce();
      wrongCa.assertAllCompletedOnce();
    }
  }

  @Test
  void anExpiredCertificateIsARecordedConnectionFailureSayingWhenItExpiredAndTheFix() throws Exception {
    TestCertificates.ExpiredServer expired = TestCertificates.expiredServer(dir.resolve("expired"));
    Map<String, Object> options = Map.of("profile", "zero", "model", "m",
        "tls_keystore", expired.keystore().toString(), "tls_keystore_password", expired.password());
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(options).orThrow());
        SenderTestSupport.Client client = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl())
            .withTls(new TlsSettings(expired.caCertPem(), null, null)))) {
      RequestRecord record = client.call(chatRequest());
      Failure failure = record.failure();
      assertNotNull(failure, "the CA is trusted, the dates are not");
      assertEquals(Failure.Kind.CONNECTION, failure.kind());
      String message = failure.message();
      assertTrue(message.startsWith("TLS handshake with 127.0.0.1:"), message);
      String expiredOn = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(8).toString();
      assertTrue(message.contains("the server's certificate CN=localhost expired on " + expiredOn), message);
      assertTrue(message.contains("this machine's clock reads "), message);
      assertTrue(message.contains("renew the certificate on the server"), message);
      assertTrue(!message.contains("SSL_CERT_FILE") && !message.contains("\n\tat "), message);
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void mutualTlsNeedsTheClientCertificate() throws Exception {
    try (RunningSimulator sim = simulator(true);
        SenderTestSupport.Client without = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl())
            .withTls(new TlsSettings(certs.serverCertPem(), null, null)));
        SenderTestSupport.Client with = new SenderTestSupport.Client(TransportOptions.of(sim.baseUrl())
            .withTls(new TlsSettings(certs.serverCertPem(), certs.clientCertPem(), certs.clientKeyPem())))) {
      Failure refused = without.call(chatRequest()).failure();
      assertNotNull(refused, "the server requires a client certificate");
      assertTrue(refused.message().contains("set server.cert_path and server.key_path"), refused.message());
      assertEquals(Failure.Kind.CONNECTION, refused.kind());
      RequestRecord accepted = with.call(chatRequest());
      assertNull(accepted.failure(), () -> String.valueOf(accepted.failure()));
      assertEquals(8, accepted.chunkNanos().length);
    }
  }

  @Test
  void httpsToAPlainHttpPortFailsTheHandshakeWithAHint() throws Exception {
    try (RunningSimulator plain = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "zero")).orThrow());
        SenderTestSupport.Client client = new SenderTestSupport.Client(
            TransportOptions.of(plain.baseUrl().replace("http://", "https://")))) {
      Failure failure = client.call(chatRequest()).failure();
      assertNotNull(failure);
      assertEquals(Failure.Kind.CONNECTION, failure.kind());
      assertTrue(failure.message().startsWith("TLS handshake with 127.0.0.1:"), failure.message());
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeTimesOutWithinTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        SenderTestSupport.Client client = new SenderTestSupport.Client(
            TransportOptions.of("https://127.0.0.1:" + silent.getLocalPort())
                .withTimeouts(300_000_000L, 0, 0, 0))) {
      long start = System.nanoTime();
      Failure failure = client.call(chatRequest()).failure(); // accepted by the backlog, never answered
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertNotNull(failure);
      assertEquals(Failure.Kind.TIMEOUT, failure.kind());
      assertTrue(failure.message().startsWith("TLS handshake with 127.0.0.1:"), failure.message());
      assertTrue(failure.message().contains("timed out after 300 ms"), failure.message());
      assertTrue(tookMillis < 5_000, "bounded by the 0.3 s connect timeout, not Netty's 10 s: " + tookMillis);
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void unusableCertificateFilesAreRejectedUpFrontNamingTheSetting() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    IllegalArgumentException ca = assertThrows(IllegalArgumentException.class,
        () -> new TlsSettings(notPem, null, null).jdkContext());
    assertTrue(ca.getMessage().startsWith("SSL_CERT_FILE " + notPem), ca.getMessage());
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> new TlsSettings(null, certs.clientCertPem(), certs.clientCertPem()).jdkContext());
    assertTrue(key.getMessage().contains("server.key_path") && key.getMessage().contains("no PEM private key"),
        key.getMessage());
    IllegalArgumentException pkcs1 = assertThrows(IllegalArgumentException.class,
        () -> new TlsSettings(null, certs.clientCertPem(), Files.writeString(dir.resolve("rsa.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")).jdkContext());
    assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8"), pkcs1.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new TlsSettings(dir.resolve("absent.pem"), null, null).jdkContext());
    assertTrue(missing.getMessage().contains("SSL_CERT_FILE: cannot read"), missing.getMessage());
  }
}
