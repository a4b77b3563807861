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
    VisionArenaHub filter = new VisionArenaHub(config.maxImagesPerRequest(), imageTimeout, pool);
    try {
      HubDatasetRows.Fetched fetched = rows.fetch(split, rows.cacheFile(split, cacheName(config)),
          config.numRows(), scanned, filter);
      return new Result(fetched, filter.skipSummary());
    } finally {
      pool.shutdownNow();
      filter.http.shutdownNow();
    }
  }

  /** The rows fetched, and what was skipped on the way (empty when nothing was, or they came from the cache). */
  record Result(HubDatasetRows.Fetched fetched, String skipped) {}

  @Override
  public List<JsonNode> keep(List<JsonNode> items) {
    List<Future<Outcome>> rows = new ArrayList<>();
    for (JsonNode item : items) {
      rows.add(downloads.submit(() -> row(item)));
    }
    List<JsonNode> kept = new ArrayList<>();
    for (Future<Outcome> row : rows) {
      try {
        Outcome outcome = row.get();
        outcome.skips().forEach(this::count); // in row order, so that "the first" is the first
        kept.add(outcome.saved());
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

  /**
   * E.g. "3 rows skipped: 2 without a usable image (the first: row 3), 1 without a user turn with text (the first:
   * row 5); 1 image skipped: 1 answered HTTP 404 (the first: https://...)"; empty when nothing was skipped.
   */
  String skipSummary() {
    List<String> kinds = new ArrayList<>();
    for (String kind : List.of("row", "image")) {
      List<String> parts = new ArrayList<>();
      long total = 0;
      for (Map.Entry<String, AtomicLong> e : new java.util.TreeMap<>(skipped).entrySet()) {
        if (!e.getKey().startsWith(kind + ":")) continue;
        total += e.getValue().get();
        parts.add(e.getValue().get() + " " + e.getKey().substring(kind.length() + 1) + " (the first: "
            + firstSkipped.get(e.getKey()) + ")");
      }
      if (total > 0) kinds.add(total + " " + kind + (total == 1 ? "" : "s") + " skipped: " + String.join(", ", parts));
    }
    return String.join("; ", kinds);
  }

  /** One thing skipped: "row:" or "image:" and the reason, and the row or URL. */
  private record Skip(String key, String example) {}

  /** A row's result: what to save (or null) and what was skipped on the way. */
  private record Outcome(JsonNode saved, List<Skip> skips) {}

  private void count(Skip skip) {
    skipped.computeIfAbsent(skip.key(), r -> new AtomicLong()).incrementAndGet();
    firstSkipped.putIfAbsent(skip.key(), skip.example());
  }

  private static Outcome skipRow(String reason, JsonNode item, List<Skip> skips) {
    skips.add(new Skip("row:" + reason, "row " + item.path("row_idx").asText()));
    return new Outcome(null, skips);
  }

  /** The row to save, or why not. */
  private Outcome row(JsonNode item) {
    List<Skip> skips = new ArrayList<>();
    JsonNode row = item.path("row");
    for (JsonNode truncated : item.path("truncated_cells")) {
      if ("conversation".equals(truncated.asText()) || "images".equals(truncated.asText())) {
        return skipRow("cut short by the viewer (truncated_cells)", item, skips);
      }
    }
    if (VisionArenaRows.firstUserPrompt(row.get("conversation")) == null) {
      return skipRow("without a user turn with text", item, skips);
    }
    ObjectNode saved = JsonNodeFactory.instance.objectNode();
    saved.set("conversation", row.get("conversation"));
    var images = saved.putArray("images");
    JsonNode listed = row.path("images");
    for (int i = 0; i < Math.min(maxImages, listed.size()); i++) {
      byte[] bytes = image(listed.get(i), skips);
      if (bytes != null) images.addObject().put("bytes", Base64.getEncoder().encodeToString(bytes));
    }
    if (images.isEmpty()) {
      return skipRow("without a usable image", item, skips);
    }
    return new Outcome(saved, skips);
  }

  /** The bytes of one listed image ({src, height, width}), or null (counted) when it cannot be sent. */
  private byte[] image(JsonNode listed, List<Skip> skips) {
    String src = listed.path("src").asText("");
    if (!src.startsWith("http://") && !src.startsWith("https://")) {
      skips.add(new Skip("image:has no http(s) src", listed.toString()));
      return null;
    }
    byte[] bytes;
    try {
      bytes = download(src);
    } catch (ImageSkipped e) {
      skips.add(new Skip("image:" + e.getMessage(), src));
      return null;
    }
    String problem = VisionArenaRows.passThroughProblem(bytes);
    if (problem != null) {
      skips.add(new Skip("image:" + problem, src));
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
      throw new ImageSkipped("has a malformed URL");
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
          throw new ImageSkipped("failed to download (" + e.getClass().getSimpleName() + ")");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageSkipped("not downloaded (interrupted)");
      }
    }
  }

  /** The body, or a skip when it is larger than an image may be. */
  private static byte[] bounded(InputStream body, long contentLength) throws IOException, ImageSkipped {
    String tooLarge = "is over the limit of " + VisionArenaRows.MAX_IMAGE_BYTES + " bytes";
    if (contentLength > VisionArenaRows.MAX_IMAGE_BYTES) throw new ImageSkipped(tooLarge);
    byte[] bytes = body.readNBytes(VisionArenaRows.MAX_IMAGE_BYTES + 1);
    if (bytes.length > VisionArenaRows.MAX_IMAGE_BYTES) throw new ImageSkipped(tooLarge);
    return bytes;
  }
}
