package io.inferenceperf.common;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM certificates and PKCS#8 keys into in-memory key stores, with the JDK alone. */
public final class Pem {
  public static final char[] NO_PASSWORD = new char[0];
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END \\1PRIVATE KEY-----");

  private Pem() {}

  /** A trust store holding every certificate of {@code pem}. */
  public static KeyStore trustStore(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates = certificates(pem);
    KeyStore store = emptyStore();
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  /** A key store with one entry: the PKCS#8 key of {@code keyPem} and the certificate chain of {@code certPem}. */
  public static KeyStore keyStore(String certPem, String keyPem) throws GeneralSecurityException {
    Certificate[] chain = certificates(certPem).toArray(Certificate[]::new);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", privateKey(keyPem), NO_PASSWORD, chain);
    return store;
  }

  private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return certificates;
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      throw new GeneralSecurityException("no PEM private key (-----BEGIN PRIVATE KEY-----) found");
    }
    if (!m.group(1).isEmpty()) {
      throw new GeneralSecurityException("the key is '" + m.group(1).trim() + " PRIVATE KEY'; convert it to PKCS#8"
          + " (-----BEGIN PRIVATE KEY-----) with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unsupported private key (tried RSA, EC, Ed25519): " + last.getMessage());
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }
}
