package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first rows of a Hugging Face dataset split, read through the Hub's dataset viewer API
 * ({server}/rows?dataset=&config=&split=&offset=&length=, JSON pages of at most 100 rows) so that no Parquet reader
 * is needed. They are saved once as a JSONL file (one {@code row} object a line) under
 * {HF_HOME}/datasets-server/ and reused from there without the network; HF_HUB_OFFLINE or HF_DATASETS_OFFLINE
 * uses only that file. The token (tokenizer.token, else HF_TOKEN or the login token file) is sent to the server.
 */
public final class HubDatasetRows {

  /** Overrides the dataset viewer's address (a mirror, or a local server in tests). */
  public static final String SERVER_ENV = "HF_DATASETS_SERVER";
  public static final String DEFAULT_SERVER = "https://datasets-server.huggingface.co";
  /** The most rows the API returns per page. */
  static final int PAGE_ROWS = 100;
  private static final int MAX_ATTEMPTS = 3;
  private static final int MAX_ERROR_CHARS = 300;
  private static final Set<String> TRUE_VALUES = Set.of("1", "true", "yes", "on");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A split of a dataset, the string columns every kept row must have whole, and the columns of any type (lists of
   * trace spans) it must have whole.
   */
  public record Split(String dataset, String config, String split, List<String> columns, List<String> anyColumns) {
    public Split(String dataset, String config, String split, List<String> columns) {
      this(dataset, config, split, columns, List.of());
    }

    String describe() {
      return dataset + " (config " + config + ", split " + split + ")";
    }
  }

  /** The JSONL file, how many rows it holds, and whether it came from the cache. */
  public record Fetched(Path file, long rows, boolean fromCache, long skippedRows) {}

  private final String server;
  private final Path cacheRoot;
  private final boolean offline;
  private final String token;
  private final Duration retryDelay;
  private final HttpClient http;

  HubDatasetRows(String server, Path cacheRoot, boolean offline, String token, Duration retryDelay) {
    this.server = stripSlashes(server);
    this.cacheRoot = cacheRoot;
    this.offline = offline;
    this.token = token;
    this.retryDelay = retryDelay;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Settings from {@code env} (normally System.getenv()) as {@link HubSettings} reads them, plus HF_DATASETS_SERVER. */
  public static HubDatasetRows from(Map<String, String> env, Path userHome, String configToken) {
    HubSettings hub = HubSettings.from(env, userHome, configToken);
    String server = env.getOrDefault(SERVER_ENV, "");
    boolean offline = hub.offline()
        || TRUE_VALUES.contains(env.getOrDefault("HF_DATASETS_OFFLINE", "").toLowerCase(Locale.ROOT));
    return new HubDatasetRows(server.isBlank() ? DEFAULT_SERVER : server,
        HubSettings.home(env, userHome).resolve("datasets-server"), offline, hub.token(), Duration.ofSeconds(2));
  }

  public String server() {
    return server;
  }

  /** Where the first {@code maxRows} rows of {@code split} are cached. */
  public Path cacheFile(Split split, int maxRows) {
    return cacheFile(split, split.split() + "-first-" + maxRows + ".jsonl");
  }

  /** Where rows of {@code split} saved under {@code name} are cached (a file name, e.g. "train-first-100.jsonl"). */
  public Path cacheFile(Split split, String name) {
    return cacheRoot.resolve(split.dataset().replace("/", "--")).resolve(split.config()).resolve(name);
  }

  /**
   * Picks the rows to keep from one page of the viewer. A filter may fetch more (images) and may throw a
   * {@link TokenizerLoadException} to stop the download.
   */
  public interface PageFilter {
    /** The objects to save, one a line, for the page's items ({row_idx, row, truncated_cells}); fewer = skipped. */
    List<JsonNode> keep(List<JsonNode> items);

    /** Why no row was kept, for the message when none was; null for the generic one. */
    default String whyNoneKept() {
      return null;
    }
  }

  /**
   * The first {@code maxRows} rows of {@code split}: the cached file, else downloaded page by page into it.
   *
   * @throws TokenizerLoadException with a message naming the problem and the fix (HF_TOKEN, data.path, network)
   */
  public Fetched fetch(Split split, int maxRows) {
    PageFilter textColumns = items -> items.stream().filter(item -> usable(item, split.columns(), split.anyColumns()))
        .map(item -> item.get("row")).toList();
    return fetch(split, cacheFile(split, maxRows), maxRows, maxRows, textColumns);
  }

  /**
   * Up to {@code wantedRows} rows that {@code filter} keeps, from the first {@code maxScannedRows} rows of
   * {@code split}: the cached {@code target}, else downloaded page by page into it.
   *
   * @throws TokenizerLoadException with a message naming the problem and the fix (HF_TOKEN, data.path, network)
   */
  public Fetched fetch(Split split, Path target, int wantedRows, int maxScannedRows, PageFilter filter) {
    if (Files.isRegularFile(target)) return new Fetched(target, countLines(target), true, 0);
    if (offline) {
      throw new TokenizerLoadException("HF_HUB_OFFLINE is set and the rows of " + split.describe() + " are not in "
          + "the cache " + target + "; run once with network access, or set data.path to a local copy");
    }
    try {
      Files.createDirectories(target.getParent());
      Path temporary = Files.createTempFile(target.getParent(), ".download-", ".tmp");
      try {
        Counts counts = download(split, wantedRows, maxScannedRows, filter, temporary);
        if (counts.kept() == 0) {
          String why = filter.whyNoneKept();
          throw new TokenizerLoadException("the dataset viewer at " + server + " returned no usable rows of "
              + split.describe() + " (" + (why != null ? why : "rows need the string columns " + split.columns()
                  + (split.anyColumns().isEmpty() ? "" : " and the whole columns " + split.anyColumns()))
              + "); set data.path to a local copy");
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Fetched(target, counts.kept(), false, counts.skipped());
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new TokenizerLoadException("could not write the dataset rows cache " + target + ": " + e.getMessage()
          + "; set HF_HOME to a writable folder");
    }
  }

  /** Rows written, and rows skipped for a missing or truncated column. */
  private record Counts(long kept, long skipped) {}

  /** Writes the rows {@code filter} keeps to {@code file}. */
  private Counts download(Split split, int wantedRows, int maxScannedRows, PageFilter filter, Path file)
      throws IOException {
    long kept = 0;
    long skipped = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int offset = 0; offset < maxScannedRows && kept < wantedRows; offset += PAGE_ROWS) {
        // no more rows than are still wanted, so that a filter that downloads (images) does no extra work
        int length = (int) Math.min(Math.min(PAGE_ROWS, maxScannedRows - offset), wantedRows - kept);
        JsonNode page = page(split, offset, length);
        JsonNode rows = page.path("rows");
        List<JsonNode> items = new java.util.ArrayList<>();
        rows.forEach(items::add);
        List<JsonNode> keep = filter.keep(items);
        for (JsonNode row : keep.subList(0, (int) Math.min(keep.size(), wantedRows - kept))) {
          out.write(JSON.writeValueAsString(row));
          out.write('\n');
          kept++;
        }
        skipped += items.size() - keep.size();
        long total = page.path("num_rows_total").asLong(-1);
        if (rows.size() < length || (total >= 0 && offset + length >= total)) break;
      }
    }
    return new Counts(kept, skipped);
  }

  private static boolean usable(JsonNode row, List<String> columns, List<String> anyColumns) {
    JsonNode values = row.path("row");
    for (String column : anyColumns) {
      if (values.path(column).isMissingNode() || values.path(column).isNull()) return false;
      for (JsonNode truncated : row.path("truncated_cells")) {
        if (column.equals(truncated.asText())) return false;
      }
    }
    for (String column : columns) {
      if (!values.path(column).isTextual()) return false;
      for (JsonNode truncated : row.path("truncated_cells")) {
        if (column.equals(truncated.asText())) return false;
      }
    }
    return true;
  }

  /** One page as JSON; a 429 or 5xx is retried a few times, anything else not 200 is a message. */
  private JsonNode page(Split split, int offset, int length) {
    URI uri = URI.create(server + "/rows?dataset=" + encode(split.dataset()) + "&config=" + encode(split.config())
        + "&split=" + encode(split.split()) + "&offset=" + offset + "&length=" + length);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = send(uri, split);
      int status = response.statusCode();
      if (status == 200) return parse(response.body(), split);
      boolean retryable = status == 429 || status >= 500;
      if (!retryable || attempt == MAX_ATTEMPTS) throw failure(split, status, errorText(response.body()));
      pause(retryDelay.multipliedBy(attempt), split);
    }
  }

  private HttpResponse<String> send(URI uri, Split split) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
        .header("User-Agent", "inference-perf-java").header("Accept", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new TokenizerLoadException("could not reach the Hugging Face dataset viewer at " + server + " for "
          + split.describe() + " (" + e + "); check the network or " + SERVER_ENV + ", or set data.path to a local"
          + " copy of the dataset (.json or .jsonl)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenizerLoadException("interrupted while downloading the rows of " + split.describe());
    }
  }

  private static void pause(Duration delay, Split split) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenizerLoadException("interrupted while downloading the rows of " + split.describe());
    }
  }

  private JsonNode parse(String body, Split split) {
    try {
      JsonNode page = JSON.readTree(body);
      if (page != null && page.path("rows").isArray()) return page;
    } catch (IOException e) {
      // reported below
    }
    throw new TokenizerLoadException("the dataset viewer at " + server + " answered " + split.describe()
        + " with something other than a page of rows (" + errorText(body) + "); check " + SERVER_ENV
        + ", or set data.path to a local copy");
  }

  private TokenizerLoadException failure(Split split, int status, String error) {
    String detail = "HTTP " + status + (error.isEmpty() ? "" : ": " + error);
    if (status == 401 || status == 403) {
      String tokenState = token == null ? "no token was sent" : "the token sent was refused";
      return new TokenizerLoadException("'" + split.dataset() + "' is private or gated, or the token lacks access ("
          + detail + "; " + tokenState + "): accept its terms on the Hub and set HF_TOKEN (or tokenizer.token) to a"
          + " token with access, or set data.path to a local copy");
    }
    if (status == 404) {
      return new TokenizerLoadException("the dataset viewer at " + server + " has no rows of " + split.describe()
          + " (" + detail + "); set data.path to a local copy");
    }
    return new TokenizerLoadException("the dataset viewer at " + server + " failed for " + split.describe() + " ("
        + detail + (status == 429 || status >= 500 ? ", after " + MAX_ATTEMPTS + " attempts" : "")
        + "); try again later, or set data.path to a local copy");
  }

  /** The "error" of a JSON error body, else the start of the body. */
  private static String errorText(String body) {
    String text = body == null ? "" : body.strip();
    try {
      JsonNode error = JSON.readTree(text).path("error");
      if (error.isTextual()) text = error.asText();
    } catch (IOException | RuntimeException e) {
      // not JSON: the raw text
    }
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
  }

  private static long countLines(Path file) {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(line -> !line.isBlank()).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String stripSlashes(String url) {
    String stripped = url;
    while (stripped.endsWith("/")) stripped = stripped.substring(0, stripped.length() - 1);
    return stripped;
  }
}
