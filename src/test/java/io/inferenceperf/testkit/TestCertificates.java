package io.inferenceperf.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
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
 *
 * <p>keytool runs inside the test JVM when the build exports its package to the tests (the Surefire argLine's
 * {@code --add-exports java.base/sun.security.tools.keytool=ALL-UNNAMED}): each keytool process is a JVM start, seconds
 * on a busy machine, and a TLS test class needed up to ten. Without the export it runs as its own process.
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
    keytool(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=expiry-test-ca", "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", ca.toString(),
        "-storepass", password, "-keypass", password));
    Path server = keypair(dir, "expired", "CN=localhost", null, password);
    Path request = dir.resolve("expired.csr");
    Path signed = dir.resolve("expired-signed.pem");
    keytool(List.of("-certreq", "-alias", "expired", "-keystore", server.toString(), "-storepass", password,
        "-file", request.toString()));
    keytool(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile",
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
    List<String> command = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", password, "-keypass", password));
    if (san != null) command.addAll(List.of("-ext", san));
    keytool(command);
    return store;
  }

  /** The certificate of {@code alias} as PEM, as {@code keytool -exportcert -rfc} writes it. */
  private static Path exportPem(Path dir, Path store, String alias, String password)
      throws IOException, GeneralSecurityException {
    Path pem = dir.resolve(alias + ".pem");
    Files.writeString(pem, pem(load(store, password).getCertificate(alias)), StandardCharsets.US_ASCII);
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

  private static final String KEYTOOL_PACKAGE = "sun.security.tools.keytool";

  /** Runs keytool with {@code args}: in this JVM when its package is exported to the tests, else as a process. */
  private static void keytool(List<String> args) throws IOException, InterruptedException {
    if (Object.class.getModule().isExported(KEYTOOL_PACKAGE, TestCertificates.class.getModule())) {
      keytoolInProcess(args);
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + String.join(" ", command) + "\n" + output);
    }
  }

  private static void keytoolInProcess(List<String> args) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      Class<?> main = Class.forName(KEYTOOL_PACKAGE + ".Main");
      Object tool = main.getConstructor().newInstance();
      exitCode = (int) main.getMethod("run", String[].class, PrintStream.class)
          .invoke(tool, args.toArray(String[]::new), out);
    } catch (InvocationTargetException e) {
      throw new IOException("keytool failed: " + String.join(" ", args) + "\n" + output, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot run keytool in this JVM", e);
    }
    if (exitCode != 0) {
      throw new IOException("keytool failed (" + exitCode + "): " + String.join(" ", args) + "\n" + output);
    }
  }
}
