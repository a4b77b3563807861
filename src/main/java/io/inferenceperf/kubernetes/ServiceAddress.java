package io.inferenceperf.kubernetes;

import java.net.URI;

/**
 * The Kubernetes Service a base URL names, when it names one: {@code http://qwen3-vllm.default:8000} and
 * {@code http://qwen3-vllm.default.svc.cluster.local:8000} are Service qwen3-vllm in namespace default;
 * {@code http://qwen3-vllm:8000} is qwen3-vllm in the caller's own namespace.
 *
 * @param namespace null when the URL names no namespace (the pod's own)
 */
public record ServiceAddress(String name, String namespace) {

  /** The Service of {@code baseUrl}, or null for IP addresses and names outside the cluster. */
  public static ServiceAddress of(String baseUrl) {
    String host;
    try {
      host = URI.create(baseUrl).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (host == null || host.isEmpty() || Character.isDigit(host.charAt(host.length() - 1)) || host.contains(":")) {
      return null; // an IP address
    }
    String[] parts = host.split("\\.");
    if (parts.length == 1) return host.equals("localhost") ? null : new ServiceAddress(parts[0], null);
    if (parts.length == 2 || parts[2].equals("svc")) return new ServiceAddress(parts[0], parts[1]);
    return null;
  }

  public String namespaceOr(String fallback) {
    return namespace != null ? namespace : fallback;
  }
}
