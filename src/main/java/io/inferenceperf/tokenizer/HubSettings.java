package io.inferenceperf.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where and how to reach the Hugging Face Hub, from the same environment variables as {@code huggingface_hub}:
 * HF_ENDPOINT (default https://huggingface.co), HF_HUB_CACHE or HF_HOME/hub (default ~/.cache/huggingface/hub),
 * HF_HUB_OFFLINE, and HF_TOKEN or the token file that {@code huggingface-cli login} writes (HF_HOME/token).
 *
 * @param configToken tokenizer.token from the config, which wins over the environment; may be null
 */
public record HubSettings(String endpoint, Path hubCache, boolean offline, String configToken, String envToken) {

  private static final Set<String> TRUE_VALUES = Set.of("1", "true", "yes", "on");

  /** Settings from {@code env} (normally System.getenv()) and the user's home folder. */
  public static HubSettings from(Map<String, String> env, Path userHome, String configToken) {
    String endpoint = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
    while (endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    Path home = home(env, userHome);
    Path hubCache = env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE")) : home.resolve("hub");
    boolean offline = TRUE_VALUES.contains(env.getOrDefault("HF_HUB_OFFLINE", "").toLowerCase(Locale.ROOT));
    String token = env.get("HF_TOKEN");
    if (token == null || token.isBlank()) {
      token = readTokenFile(home.resolve("token"));
    }
    return new HubSettings(endpoint, hubCache, offline, blankToNull(configToken), blankToNull(token));
  }

  /** HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
  public static Path home(Map<String, String> env, Path userHome) {
    return env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"))
        : env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME"), "huggingface")
        : userHome.resolve(".cache").resolve("huggingface");
  }

  /** The token to send: tokenizer.token, else HF_TOKEN or the login token file; null for none. */
  public String token() {
    return configToken != null ? configToken : envToken;
  }

  private static String readTokenFile(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() { // never print the token
    return "HubSettings[endpoint=" + endpoint + ", hubCache=" + hubCache + ", offline=" + offline + ", token="
        + (token() == null ? "none" : "set") + "]";
  }
}
