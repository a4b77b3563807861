package io.inferenceperf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writing the resolved config back as YAML (for the report folder's config.yaml), with secrets redacted. */
public final class ConfigYaml {

  public static final String REDACTED = "REDACTED";

  /** Header names whose values are credentials. */
  private static final Pattern SECRET_HEADER =
      Pattern.compile("(?i).*(authorization|api[-_]?key|token|secret|password|cookie|credential).*");

  private ConfigYaml() {}

  /**
   * The resolved tree ({@link LoadResult#resolvedTree()}) as YAML with the same snake_case keys as the input,
   * secrets replaced by {@value #REDACTED}: server.api_key, tokenizer.token, headers that look like credentials,
   * and passwords inside server.base_url / metrics.prometheus.url / storage.simple_storage_service.endpoint_url. Loading it again gives the same run (apart
   * from the redacted secrets).
   */
  public static String redactedYaml(Map<String, Object> resolvedTree) {
    Map<String, Object> copy = deepCopy(resolvedTree);
    redactKey(copy, "server", "api_key");
    redactKey(copy, "tokenizer", "token");
    redactUrl(copy, "server", "base_url");
    if (section(copy, "metrics") != null) {
      redactUrl(section(copy, "metrics"), "prometheus", "url");
    }
    if (section(copy, "storage") != null) {
      redactUrl(section(copy, "storage"), "simple_storage_service", "endpoint_url");
      redactUrl(section(copy, "storage"), "google_cloud_storage", "endpoint_url");
    }
    if (section(copy, "api") != null && section(section(copy, "api"), "headers") != null) {
      Map<String, Object> headers = section(section(copy, "api"), "headers");
      headers.replaceAll((name, value) -> value != null && SECRET_HEADER.matcher(name).matches() ? REDACTED : value);
    }
    return dump(copy);
  }

  /** Plain YAML (block style, keys in order), no redaction. */
  public static String dump(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(120);
    options.setSplitLines(false);
    return new Yaml(options).dump(tree);
  }

  /** A compact one-line rendering of a plain value, for docs and messages: 1.0 -> 1, lists as [a, b]. */
  public static String inline(Object value) {
    return switch (value) {
      case null -> "null";
      case Double d -> Shape.Range.num(d);
      case Float f -> Shape.Range.num(f);
      case List<?> list -> "[" + String.join(", ", list.stream().map(ConfigYaml::inline).toList()) + "]";
      case Map<?, ?> map -> "{" + String.join(", ",
          map.entrySet().stream().map(e -> e.getKey() + ": " + inline(e.getValue())).toList()) + "}";
      default -> String.valueOf(value);
    };
  }

  private static void redactKey(Map<String, Object> root, String section, String key) {
    Map<String, Object> s = section(root, section);
    if (s != null && s.get(key) != null) {
      s.put(key, REDACTED);
    }
  }

  private static void redactUrl(Map<String, Object> parent, String section, String key) {
    Map<String, Object> s = section(parent, section);
    if (s != null && s.get(key) instanceof String url) {
      s.put(key, withoutPassword(url));
    }
  }

  /** http://user:secret@host/ -> http://user:REDACTED@host/ */
  static String withoutPassword(String url) {
    try {
      URI uri = new URI(url);
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null || !userInfo.contains(":")) {
        return url;
      }
      String user = userInfo.substring(0, userInfo.indexOf(':'));
      return url.replace(userInfo + "@", user + ":" + REDACTED + "@");
    } catch (URISyntaxException e) {
      return url;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static Map<String, Object> deepCopy(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), copyValue(v)));
    return out;
  }

  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(item -> out.add(copyValue(item)));
      return out;
    }
    return v;
  }
}
