package io.inferenceperf.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Label selectors as users type them ({@code app=vllm,tier=gpu}), checked against Kubernetes' label syntax. */
public final class Labels {
  // prefix (a DNS subdomain) optional, then a name of at most 63 characters; values likewise, or empty
  private static final Pattern KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /** The zone label every cloud provider sets on nodes. */
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String REGION = "topology.kubernetes.io/region";
  public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";

  private Labels() {}

  /** {@code k=v,k2=v2} as an ordered map; a message naming the bad part otherwise. */
  public static Map<String, String> parse(String selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (selector == null || selector.isBlank()) {
      throw new IllegalArgumentException("--target-labels is empty: give the model server's pod labels, e.g."
          + " app.kubernetes.io/component=qwen3-vllm");
    }
    for (String part : selector.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--target-labels: '" + part.strip() + "' is not key=value (e.g."
            + " app=qwen3-vllm; several: app=a,tier=b)");
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("--target-labels: '" + key + "' is not a valid label key");
      }
      if (!VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("--target-labels: '" + value + "' is not a valid label value (at most"
            + " 63 letters, digits, '-', '_', '.'; starts and ends alphanumeric)");
      }
      labels.put(key, value);
    }
    return labels;
  }

  public static String format(Map<String, String> labels) {
    StringBuilder s = new StringBuilder();
    labels.forEach((k, v) -> s.append(s.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return s.toString();
  }
}
