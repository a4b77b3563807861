package io.inferenceperf.tracing;

import java.util.Locale;
import java.util.Map;

/**
 * Request tracing settings, from the environment variables inference-perf reads (and the standard OTLP ones).
 *
 * @param enabled OTEL_TRACES_ENABLED=true (any case); off otherwise
 * @param tracesUrl where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else
 *     OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; null writes them to the log instead
 * @param serviceName OTEL_SERVICE_NAME, default inference-perf
 * @param tracePerStage OTEL_TRACE_PER_STAGE=true: the requests of a stage are children of one stage span (one trace
 *     per stage) instead of a trace each
 */
public record TracingSettings(boolean enabled, String tracesUrl, String serviceName, boolean tracePerStage) {

  public static final String DEFAULT_SERVICE_NAME = "inference-perf";
  public static final TracingSettings OFF = new TracingSettings(false, null, DEFAULT_SERVICE_NAME, false);

  /** The settings in {@code env}, or the problem with them (the variable, what is wrong, how to fix it). */
  public static Result fromEnvironment(Map<String, String> env) {
    if (!isTrue(env.get("OTEL_TRACES_ENABLED"))) {
      return new Result(OFF, null);
    }
    String protocol = firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
    if (protocol != null && !protocol.equals("http/protobuf")) {
      return new Result(null, "OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + ": traces are exported over OTLP/HTTP"
          + " only; set it to http/protobuf (or unset it) and point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's"
          + " HTTP port (4318 by default)");
    }
    String url = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (url == null || url.isBlank()) {
      String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
      url = base == null || base.isBlank() ? null : stripSlash(base.strip()) + "/v1/traces";
    }
    if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
      return new Result(null, "OTEL_EXPORTER_OTLP_ENDPOINT=" + url + ": not an http(s) URL; give the collector's"
          + " OTLP/HTTP address, e.g. http://localhost:4318");
    }
    String service = env.get("OTEL_SERVICE_NAME");
    return new Result(new TracingSettings(true, url == null ? null : url.strip(),
        service == null || service.isBlank() ? DEFAULT_SERVICE_NAME : service.strip(),
        isTrue(env.get("OTEL_TRACE_PER_STAGE"))), null);
  }

  /** Exactly one of settings and problem is non-null. */
  public record Result(TracingSettings settings, String problem) {}

  private static boolean isTrue(String value) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
