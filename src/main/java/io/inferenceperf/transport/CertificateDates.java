package io.inferenceperf.transport;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Says, for a handshake that failed because a certificate is outside its validity dates, which certificate, when it
 * expired (or becomes valid), what this machine's clock reads and the fix; the JDK's own message is only
 * "validity check failed".
 */
public final class CertificateDates {
  private CertificateDates() {}

  /** The sentence for an expired or not-yet-valid certificate in {@code cause}'s chain, or null for other causes. */
  public static String problem(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertPathValidatorException path && datesReason(path.getReason())) {
        X509Certificate certificate = certificateAt(path);
        if (certificate != null) return sentence(certificate, path.getReason() == BasicReason.EXPIRED);
      }
      if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
        return sentence(t instanceof CertificateExpiredException, t.getMessage());
      }
    }
    return null;
  }

  private static boolean datesReason(CertPathValidatorException.Reason reason) {
    return reason == BasicReason.EXPIRED || reason == BasicReason.NOT_YET_VALID;
  }

  private static X509Certificate certificateAt(CertPathValidatorException path) {
    if (path.getCertPath() == null) return null;
    List<? extends Certificate> chain = path.getCertPath().getCertificates();
    int index = path.getIndex();
    return index >= 0 && index < chain.size() && chain.get(index) instanceof X509Certificate x ? x : null;
  }

  private static String sentence(X509Certificate certificate, boolean expired) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String who = "the server's certificate " + certificate.getSubjectX500Principal().getName();
    String when = expired
        ? " expired on " + certificate.getNotAfter().toInstant()
        : " is not valid before " + certificate.getNotBefore().toInstant();
    return who + when + " (this machine's clock reads " + now + ")" + fix(expired);
  }

  private static String sentence(boolean expired, String jdkDetail) {
    return "the server's certificate " + (expired ? "has expired" : "is not valid yet") + " (" + jdkDetail
        + "; this machine's clock reads " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")" + fix(expired);
  }

  private static String fix(boolean expired) {
    return expired
        ? "; renew the certificate on the server (or check this machine's clock); the client does not skip this check"
        : "; check the clocks of this machine and the server";
  }
}
