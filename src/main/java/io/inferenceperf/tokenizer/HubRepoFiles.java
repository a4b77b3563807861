package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a Hub dataset repository ({endpoint}/api/datasets/{repo}/tree/main?recursive=true, page after page
 * by the Link header), or, with HF_HUB_OFFLINE, the files of its cached snapshot; and glob matching as the datasets
 * library's data_files do it (relative to the repository, {@code *} within a folder, {@code **} across folders).
 */
public final class HubRepoFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  /** Pages of the listing followed at most (the Hub gives 1,000 files a page). */
  private static final int MAX_PAGES = 1_000;
  private static final String REVISION = "main";

  private HubRepoFiles() {}

  /**
   * The repository's files matching any of {@code patterns}, in name order.
   *
   * @throws TokenizerLoadException naming the problem and the fix (offline without a cache, private, missing)
   */
  public static List<String> matching(HubSettings settings, String repoId, List<String> patterns) {
    List<String> files = settings.offline() ? cached(settings, repoId) : listed(settings, repoId);
    List<PathMatcher> matchers = patterns.stream().map(HubRepoFiles::matcher).toList();
    TreeSet<String> out = new TreeSet<>();
    for (String file : files) {
      Path path = Path.of(file);
      if (matchers.stream().anyMatch(m -> m.matches(path))) out.add(file);
    }
    return List.copyOf(out);
  }

  private static PathMatcher matcher(String pattern) {
    String relative = pattern.startsWith("./") ? pattern.substring(2) : pattern.startsWith("/") ? pattern.substring(1)
        : pattern;
    return FileSystems.getDefault().getPathMatcher("glob:" + relative);
  }

  /** The files of the cached snapshot (refs/main), relative to it. */
  private static List<String> cached(HubSettings settings, String repoId) {
    Path repo = settings.hubCache().resolve("datasets--" + repoId.replace("/", "--"));
    Path ref = repo.resolve("refs").resolve(REVISION);
    try {
      if (Files.isRegularFile(ref)) {
        Path snapshot = repo.resolve("snapshots").resolve(Files.readString(ref).strip());
        try (Stream<Path> walk = Files.walk(snapshot)) {
          return walk.filter(Files::isRegularFile).map(p -> snapshot.relativize(p).toString().replace('\\', '/'))
              .sorted().toList();
        }
      }
    } catch (IOException e) {
      // treated as no cache
    }
    throw new TokenizerLoadException("HF_HUB_OFFLINE is set and the dataset '" + repoId + "' has no cached files in "
        + repo + "; run once with network access, or set data.path to a local copy");
  }

  private static List<String> listed(HubSettings settings, String repoId) {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10)).build();
    String repoPath = URLEncoder.encode(repoId, StandardCharsets.UTF_8).replace("%2F", "/");
    URI uri = URI.create(settings.endpoint() + "/api/datasets/" + repoPath + "/tree/" + REVISION
        + "?recursive=true&expand=false");
    String originHost = uri.getHost();
    List<String> files = new ArrayList<>();
    try {
      for (int page = 0; uri != null; page++) {
        if (page == MAX_PAGES) {
          throw new TokenizerLoadException("the dataset '" + repoId + "' lists more than " + MAX_PAGES + " pages of"
              + " files; name the files in data.path instead");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
            .header("User-Agent", "inference-perf-java");
        if (settings.token() != null && originHost.equals(uri.getHost())) {
          request.header("Authorization", "Bearer " + settings.token());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(response, repoId, settings);
        JsonNode items = JSON.readTree(response.body());
        if (!items.isArray()) throw notAListing(repoId, settings);
        for (JsonNode item : items) {
          if ("file".equals(item.path("type").asText()) && item.path("path").isTextual()) {
            files.add(item.path("path").asText());
          }
        }
        uri = next(uri, response);
      }
      return files;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw notAListing(repoId, settings);
    } catch (IOException | IllegalArgumentException e) {
      throw new TokenizerLoadException("could not reach the Hugging Face Hub at " + settings.endpoint() + " to list"
          + " the files of '" + repoId + "' (" + e + "); check the network or HF_ENDPOINT, or set data.path to a"
          + " local copy (HF_HUB_OFFLINE=1 uses only the cache)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenizerLoadException("interrupted while listing the files of '" + repoId + "'");
    } finally {
      http.shutdownNow();
    }
  }

  private static void check(HttpResponse<String> response, String repoId, HubSettings settings) {
    int status = response.statusCode();
    if (status == 200) return;
    if (status == 401 || status == 403 || status == 404) {
      String tokenState = settings.token() == null ? "no token was sent" : "the token sent was refused";
      throw new TokenizerLoadException("the dataset '" + repoId + "' on " + settings.endpoint() + " is private,"
          + " gated or does not exist (HTTP " + status + " listing its files; " + tokenState + "): check"
          + " data.visionarena.hf_dataset_name, or set HF_TOKEN to a token with access");
    }
    throw new TokenizerLoadException("the Hugging Face Hub answered HTTP " + status + " listing the files of '"
        + repoId + "' at " + settings.endpoint());
  }

  private static TokenizerLoadException notAListing(String repoId, HubSettings settings) {
    return new TokenizerLoadException(settings.endpoint() + " answered the file listing of '" + repoId + "' with"
        + " something other than a JSON list of files; check HF_ENDPOINT");
  }

  private static URI next(URI current, HttpResponse<String> response) {
    for (String link : response.headers().allValues("Link")) {
      Matcher m = NEXT_LINK.matcher(link);
      if (m.find()) return current.resolve(m.group(1));
    }
    return null;
  }
}
