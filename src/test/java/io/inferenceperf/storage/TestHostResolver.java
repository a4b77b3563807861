package io.inferenceperf.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * Resolves every name under {@value #DOMAIN} to 127.0.0.1 in the test JVM (registered in
 * META-INF/services), so that virtual-host S3 requests ({@code bucket.s3.localtest}) reach the loopback test
 * server without touching the machine's /etc/hosts; every other name goes to the JDK's own resolver.
 */
public final class TestHostResolver extends InetAddressResolverProvider {

  /** The test-only domain. */
  public static final String DOMAIN = ".s3.localtest";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        if (host.endsWith(DOMAIN) || host.equals(DOMAIN.substring(1))) {
          return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "inference-perf test resolver";
  }
}
