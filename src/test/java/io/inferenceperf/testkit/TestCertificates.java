package io.inferenceperf.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real certificates for TLS tests, made with the JDK's own {@code keytool} (no mocks): a self-signed server
 * certificate for 127.0.0.1 and localhost (so its PEM is also the CA a client must trust), a self-signed client
 * certificate with its PKCS#8 key for mTLS, and an unrelated certificate a client should not trust.
 */
public record TestCertificates(
    Path serverKeystore, String password, Path serverCertPem, Path clientCertPem, Path clientKeyPem,
    Path otherCertPem) {

  public static TestCertificates create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
    Files.createDirectories(dir);
    String password = "test-pass";
    Path server = keypair(dir, "server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost", password);
    Path client = keypair(dir, "client", "CN=benchmark-client", null, password);
    Path other = keypair(dir, "other", "CN=someone-else", "SAN=ip:127.0.0.1,dns:localhost", password);
    Path clientKey = dir.resolve("client-key.pem");
    Files.writeString(clientKey, pkcs8Pem(client, password), StandardCharsets.US_ASCII);
    return new TestCertificates(server, password, exportPem(dir, server, "server", password),
        exportPem(dir, client, "client", password), clientKey, exportPem(dir, other, "other", password));
  }

  /**
   * A server whose certificate expired: a CA valid today (its PEM is what a client trusts) signed a certificate for
   * 127.0.0.1 and localhost valid for two days, ten days ago. A self-signed expired certificate would not do: Java
   * does not check the validity dates of a certificate it trusts directly (a trust anchor), only of those a CA signed.
   */
  public record ExpiredServer(Path keystore, String password, Path caCertPem) {}

  public static ExpiredServer expiredServer(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String password = "test-pass";
    Path ca = dir.resolve("expiry-ca.p12");
    run(List.of(keytool(), "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=expiry-test-ca", "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", ca.toString(),
        "-storepass", password, "-keypass", password));
    Path server = keypair(dir, "expired", "CN=localhost", null, password);
    Path request = dir.resolve("expired.csr");
    Path signed = dir.resolve("expired-signed.pem");
    run(List.of(keytool(), "-certreq", "-alias", "expired", "-keystore", server.toString(), "-storepass", password,
        "-file", request.toString()));
    run(List.of(keytool(), "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile",
        request.toString(), "-outfile", signed.toString(), "-rfc", "-startdate", "-10d", "-validity", "2", "-ext",
        "SAN=ip:127.0.0.1,dns:localhost"));
    Path caPem = dir.resolve("expiry-ca.pem");
    try { // in process: each keytool run is a JVM start, seconds on a busy machine
      KeyStore caStore = load(ca, password);
      Certificate caCert = caStore.getCertificate("ca");
      Files.writeString(caPem, pem(caCert), StandardCharsets.US_ASCII);
      KeyStore serverStore = load(server, password);
      Certificate leaf;
      try (InputStream in = Files.newInputStream(signed)) {
        leaf = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      serverStore.setKeyEntry("expired", serverStore.getKey("expired", password.toCharArray()),
          password.toCharArray(), new Certificate[] {leaf, caCert}); // the CA's reply replaces the self-signed one
      try (OutputStream out = Files.newOutputStream(server)) {
        serverStore.store(out, password.toCharArray());
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot assemble the expired server's keystore", e);
    }
    return new ExpiredServer(server, password, caPem);
  }

  private static Path keypair(Path dir, String name, String subject, String san, String password)
      throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", name, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", password, "-keypass", password));
    if (san != null) command.addAll(List.of("-ext", san));
    run(command);
    return store;
  }

  private static Path exportPem(Path dir, Path store, String alias, String password)
      throws IOException, InterruptedException {
    Path pem = dir.resolve(alias + ".pem");
    run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass",
        password, "-file", pem.toString()));
    return pem;
  }

  private static KeyStore load(Path store, String password) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password.toCharArray());
    }
    return keys;
  }

  private static String pem(Certificate certificate) throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
  }

  private static String pkcs8Pem(Path store, String password) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password.toCharArray());
    }
    Key key = keys.getKey("client", password.toCharArray()); // PKCS#8 is the encoding of Java's private keys
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  private static String keytool() {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    return java.resolveSibling("keytool").toString();
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + String.join(" ", command) + "\n" + output);
    }
  }
}
