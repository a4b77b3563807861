package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.data.VisionArenaRows;
import io.inferenceperf.tokenizer.HubDatasetRows;
import io.inferenceperf.tokenizer.TokenizerLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * VisionArena-Chat rows from the Hub's dataset viewer, made local: each page's rows with a user prompt have their
 * first max_images_per_request images (URLs in the viewer's answer) downloaded, a few at a time, size-capped and
 * with timeouts; JPEG, PNG and WEBP bytes are kept as base64, other formats and failed downloads skipped. A row is
 * saved as {@code {"conversation": ..., "images": [{"bytes": "<base64>"}]}}, the form data.path reads, until
 * num_rows rows are kept (the signed image URLs expire, so the bytes, not the URLs, are cached).
 */
final class VisionArenaHub implements HubDatasetRows.PageFilter {

  /** The viewer's config name of datasets without named configs, such as VisionArena-Chat. */
  static final String CONFIG = "default";
  /** Rows looked at per wanted row at most (plus {@link #EXTRA_SCANNED_ROWS}): unusable rows are rare. */
  private static final int SCANNED_PER_WANTED = 2;
  private static final int EXTRA_SCANNED_ROWS = 100;
  private static final int PARALLEL_DOWNLOADS = 8;
  private static final int MAX_ATTEMPTS = 2;

  private final int maxImages;
  private final HttpClient http;
  private final Duration timeout;
  private final ExecutorService downloads;
  private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
  private final Map<String, String> firstSkipped = new ConcurrentHashMap<>();

  private VisionArenaHub(int maxImages, Duration timeout, ExecutorService downloads) {
    this.maxImages = maxImages;
    this.timeout = timeout;
    this.downloads = downloads;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The viewer's split this config reads. */
  static HubDatasetRows.Split split(VisionArenaConfig config) {
    return new HubDatasetRows.Split(config.hfDatasetName(), CONFIG, config.hfSplit(), List.of("conversation",
        "images"));
  }

  /** The cache file name: the rows kept depend on num_rows and max_images_per_request. */
  static String cacheName(VisionArenaConfig config) {
    return config.hfSplit() + "-visionarena-" + config.numRows() + "-rows-" + config.maxImagesPerRequest()
        + "-images.jsonl";
  }

  /** The rows (the cache, else downloaded with their images); the same exceptions as HubDatasetRows.fetch. */
  static Result fetch(HubDatasetRows rows, VisionArenaConfig config, Duration imageTimeout) {
    HubDatasetRows.Split split = split(config);
    int scanned = (int) Math.min(Integer.MAX_VALUE, (long) config.numRows() * SCANNED_PER_WANTED
        + EXTRA_SCANNED_ROWS);
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, r -> {
      Thread thread = new Thread(r, "visionarena-download");
      thread.setDaemon(true);
      return thread;
    });
    try {
      VisionArenaHub filter = new VisionArenaHub(config.maxImagesPerRequest(), imageTimeout, pool);
      HubDatasetRows.Fetched fetched = rows.fetch(split, rows.cacheFile(split, cacheName(config)),
          config.numRows(), scanned, filter);
      return new Result(fetched, filter.skipSummary());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The rows fetched, and what was skipped on the way (empty when nothing was, or they came from the cache). */
  record Result(HubDatasetRows.Fetched fetched, String skipped) {}

  @Override
  public List<JsonNode> keep(List<JsonNode> items) {
    List<Future<JsonNode>> rows = new ArrayList<>();
    for (JsonNode item : items) {
      rows.add(downloads.submit(() -> row(item)));
    }
    List<JsonNode> kept = new ArrayList<>();
    for (Future<JsonNode> row : rows) {
      try {
        kept.add(row.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenizerLoadException("interrupted while downloading the visionarena images");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof TokenizerLoadException t ? t
            : new TokenizerLoadException("downloading the visionarena images failed: " + e.getCause());
      }
    }
    return kept.stream().filter(Objects::nonNull).toList();
  }

  @Override
  public String whyNoneKept() {
    String summary = skipSummary();
    return "rows need a user turn with text and a JPEG, PNG or WEBP image" + (summary.isEmpty() ? "" : "; " + summary);
  }

  /** E.g. "12 rows skipped: 10 image HTTP 404 (the first: https://...), 2 no user turn with text". */
  String skipSummary() {
    if (skipped.isEmpty()) return "";
    long total = skipped.values().stream().mapToLong(AtomicLong::get).sum();
    List<String> parts = new ArrayList<>();
    skipped.forEach((reason, count) -> parts.add(count.get() + " " + reason + (firstSkipped.get(reason).isEmpty()
        ? "" : " (the first: " + firstSkipped.get(reason) + ")")));
    parts.sort(null);
    return total + " rows or images skipped: " + String.join(", ", parts);
  }

  private void skip(String reason, String example) {
    skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    firstSkipped.putIfAbsent(reason, example == null ? "" : example);
  }

  /** The row to save, or null. */
  private JsonNode row(JsonNode item) {
    JsonNode row = item.path("row");
    for (JsonNode truncated : item.path("truncated_cells")) {
      if ("conversation".equals(truncated.asText()) || "images".equals(truncated.asText())) {
        skip("rows cut short by the viewer (truncated_cells)", "row " + item.path("row_idx").asText());
        return null;
      }
    }
    if (VisionArenaRows.firstUserPrompt(row.get("conversation")) == null) {
      skip("rows without a user turn with text", "row " + item.path("row_idx").asText());
      return null;
    }
    ObjectNode saved = JsonNodeFactory.instance.objectNode();
    saved.set("conversation", row.get("conversation"));
    var images = saved.putArray("images");
    JsonNode listed = row.path("images");
    for (int i = 0; i < Math.min(maxImages, listed.size()); i++) {
      byte[] bytes = image(listed.get(i));
      if (bytes != null) images.addObject().put("bytes", Base64.getEncoder().encodeToString(bytes));
    }
    if (images.isEmpty()) {
      skip("rows without a usable image", "row " + item.path("row_idx").asText());
      return null;
    }
    return saved;
  }

  /** The bytes of one listed image ({src, height, width}), or null (counted) when it cannot be sent. */
  private byte[] image(JsonNode listed) {
    String src = listed.path("src").asText("");
    if (!src.startsWith("http://") && !src.startsWith("https://")) {
      skip("images without an http(s) src", listed.toString());
      return null;
    }
    byte[] bytes;
    try {
      bytes = download(src);
    } catch (ImageSkipped e) {
      skip("images " + e.getMessage(), src);
      return null;
    }
    String problem = VisionArenaRows.passThroughProblem(bytes);
    if (problem != null) {
      skip("images that " + problem.replaceFirst("^is ", "are "), src);
      return null;
    }
    return bytes;
  }

  /** Why one image was skipped. */
  private static final class ImageSkipped extends Exception {
    ImageSkipped(String message) {
      super(message, null, false, false);
    }
  }

  private byte[] download(String src) throws ImageSkipped {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(src)).timeout(timeout).GET()
          .header("User-Agent", "inference-perf-java").build();
    } catch (IllegalArgumentException e) {
      throw new ImageSkipped("with a malformed URL");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          if (status == 200) return bounded(body, response.headers().firstValueAsLong("Content-Length").orElse(-1));
          if ((status != 429 && status < 500) || attempt == MAX_ATTEMPTS) {
            throw new ImageSkipped("answered HTTP " + status);
          }
        }
      } catch (IOException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw new ImageSkipped("that failed to download (" + e.getClass().getSimpleName() + ")");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageSkipped("not downloaded (interrupted)");
      }
    }
  }

  /** The body, or a skip when it is larger than an image may be. */
  private static byte[] bounded(InputStream body, long contentLength) throws IOException, ImageSkipped {
    String tooLarge = "over the limit of " + VisionArenaRows.MAX_IMAGE_BYTES + " bytes";
    if (contentLength > VisionArenaRows.MAX_IMAGE_BYTES) throw new ImageSkipped(tooLarge);
    byte[] bytes = body.readNBytes(VisionArenaRows.MAX_IMAGE_BYTES + 1);
    if (bytes.length > VisionArenaRows.MAX_IMAGE_BYTES) throw new ImageSkipped(tooLarge);
    return bytes;
  }
}
