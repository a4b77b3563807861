package io.inferenceperf.tokenizer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches a model's tokenizer files from the Hugging Face Hub ({endpoint}/{id}/resolve/main/{file}) into the
 * {@code huggingface_hub} cache layout ({cache}/models--{org}--{name}/snapshots/{commit}/, refs/main), so that a
 * cache filled by Python tools is reused and ours is usable by them. A cached snapshot with tokenizer files is used
 * without contacting the Hub.
 */
final class HubDownloader {

  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*(/[\\w.-]+)?");
  private static final List<String> OPTIONAL_FILES = List.of("tokenizer_config.json", "special_tokens_map.json");
  private static final int MAX_REDIRECTS = 5;
  private static final String REVISION = "main";

  private final HubSettings settings;
  private final HttpClient http;

  HubDownloader(HubSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  static boolean looksLikeModelId(String name) {
    return MODEL_ID.matcher(name).matches() && !name.contains("..");
  }

  /** The cache folder of {@code modelId}: {cache}/models--org--name. */
  Path repoFolder(String modelId) {
    return settings.hubCache().resolve("models--" + modelId.replace("/", "--"));
  }

  /** A cached snapshot holding tokenizer files, if any. */
  Optional<Path> cachedSnapshot(String modelId) {
    Path repo = repoFolder(modelId);
    try {
      Path ref = repo.resolve("refs").resolve(REVISION);
      if (!Files.isRegularFile(ref)) {
        return Optional.empty();
      }
      Path snapshot = repo.resolve("snapshots").resolve(Files.readString(ref).strip());
      return TokenizerFolder.hasTokenizer(snapshot) ? Optional.of(snapshot) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The folder with {@code modelId}'s tokenizer files: from the cache, else downloaded.
   *
   * @throws TokenizerLoadException saying what failed and how to fix it
   */
  Path fetch(String modelId) {
    Optional<Path> cached = cachedSnapshot(modelId);
    if (cached.isPresent()) {
      return cached.get();
    }
    if (settings.offline()) {
      throw new TokenizerLoadException("HF_HUB_OFFLINE is set and the tokenizer of '" + modelId + "' is not in the "
          + "cache " + repoFolder(modelId) + "; run once with network access, or set "
          + "tokenizer.pretrained_model_name_or_path to a local folder with tokenizer.json");
    }
    Download tokenizerJson = get(modelId, TokenizerFolder.TOKENIZER_JSON);
    String commit = tokenizerJson.commit() != null ? tokenizerJson.commit() : REVISION;
    Path snapshot = repoFolder(modelId).resolve("snapshots").resolve(commit);
    if (tokenizerJson.status() == 200) {
      store(tokenizerJson, snapshot.resolve(TokenizerFolder.TOKENIZER_JSON));
    } else {
      fetchSlowTokenizerFiles(modelId, snapshot);
    }
    for (String file : OPTIONAL_FILES) {
      Download optional = get(modelId, file);
      if (optional.status() == 200) {
        store(optional, snapshot.resolve(file));
      }
    }
    writeRef(modelId, commit);
    return snapshot;
  }

  /** No tokenizer.json: try the GPT-2 style pair, then a SentencePiece tokenizer.model. */
  private void fetchSlowTokenizerFiles(String modelId, Path snapshot) {
    Download vocab = get(modelId, "vocab.json");
    Download merges = vocab.status() == 200 ? get(modelId, "merges.txt") : null;
    if (merges != null && merges.status() == 200) {
      store(vocab, snapshot.resolve("vocab.json"));
      store(merges, snapshot.resolve("merges.txt"));
      return;
    }
    Download sentencePiece = get(modelId, TokenizerFolder.SENTENCEPIECE_MODEL);
    if (sentencePiece.status() == 200) {
      store(sentencePiece, snapshot.resolve(TokenizerFolder.SENTENCEPIECE_MODEL));
      return;
    }
    throw new TokenizerLoadException("'" + modelId + "' on " + settings.endpoint() + " has no tokenizer files "
        + "(tried tokenizer.json, vocab.json + merges.txt, tokenizer.model); set tokenizer.pretrained_model_name_or_path "
        + "to the model whose tokenizer the server uses");
  }

  private record Download(int status, byte[] body, String commit) {}

  private record Answer<T>(int status, T body, String commit) {}

  private Download get(String modelId, String file) {
    Answer<byte[]> answer = send(modelId, modelId, file, HttpResponse.BodyHandlers.ofByteArray());
    return new Download(answer.status(), answer.body(), answer.commit());
  }

  /**
   * GET {endpoint}/{repoPath}/resolve/main/{file}, following redirects (the token only to the Hub itself); a 200
   * or 404 is returned, anything else thrown as a message naming {@code label} and the fix.
   */
  private <T> Answer<T> send(String repoPath, String label, String file, HttpResponse.BodyHandler<T> handler) {
    URI uri = URI.create(settings.endpoint() + "/" + repoPath + "/resolve/" + REVISION + "/" + file);
    String originHost = uri.getHost();
    String commit = null; // the Hub sends it on its own answer, not on the storage host's after a redirect
    try {
      for (int redirect = 0; redirect <= MAX_REDIRECTS; redirect++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
            .header("User-Agent", "inference-perf-java");
        // The token goes only to the Hub itself, not to the storage host a large file redirects to.
        if (settings.token() != null && originHost.equals(uri.getHost())) {
          request.header("Authorization", "Bearer " + settings.token());
        }
        HttpResponse<T> response = http.send(request.build(), handler);
        int status = response.statusCode();
        if (commit == null) {
          commit = response.headers().firstValue("X-Repo-Commit").orElse(null);
        }
        if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
          uri = uri.resolve(response.headers().firstValue("Location").get());
          continue;
        }
        if (status == 200 || status == 404) {
          return new Answer<>(status, response.body(), commit);
        }
        throw failure(label, file, status, response.headers().firstValue("X-Error-Code").orElse(""));
      }
      throw new TokenizerLoadException("too many redirects fetching " + file + " of '" + label + "'");
    } catch (IOException | IllegalArgumentException e) {
      throw new TokenizerLoadException("could not reach the Hugging Face Hub at " + settings.endpoint() + " for '"
          + label + "' (" + e + "); check the network or HF_ENDPOINT, or use local files"
          + " (HF_HUB_OFFLINE=1 uses only the cache)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenizerLoadException("interrupted while fetching " + file + " of '" + label + "'");
    }
  }

  /**
   * One file of a dataset repository ({endpoint}/datasets/{repo}/resolve/main/{file}), streamed to disk into the
   * {@code huggingface_hub} cache ({cache}/datasets--{org}--{name}/snapshots/{commit}/{file}); a cached copy is
   * used without contacting the Hub.
   */
  Path fetchDatasetFile(String repoId, String file) {
    Path repo = settings.hubCache().resolve("datasets--" + repoId.replace("/", "--"));
    Path ref = repo.resolve("refs").resolve(REVISION);
    try {
      if (Files.isRegularFile(ref)) {
        Path cached = repo.resolve("snapshots").resolve(Files.readString(ref).strip()).resolve(file);
        if (Files.isRegularFile(cached)) return cached;
      }
    } catch (IOException e) {
      // an unreadable ref: download again
    }
    if (settings.offline()) {
      throw new TokenizerLoadException("HF_HUB_OFFLINE is set and the dataset file " + file + " of '" + repoId
          + "' is not in the cache " + repo + "; run once with network access, or set data.path to a local copy");
    }
    try {
      Files.createDirectories(repo);
      Path temporary = Files.createTempFile(repo, ".download-", ".tmp");
      try {
        Answer<Path> answer = send("datasets/" + repoId, repoId, file, HttpResponse.BodyHandlers.ofFile(temporary));
        if (answer.status() == 404) {
          throw new TokenizerLoadException("the dataset '" + repoId + "' on " + settings.endpoint() + " has no file "
              + file + "; set data.path to a local copy");
        }
        String commit = answer.commit() != null ? answer.commit() : REVISION;
        Path target = repo.resolve("snapshots").resolve(commit).resolve(file);
        Files.createDirectories(target.getParent());
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit);
        return target;
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new TokenizerLoadException("could not write the dataset cache " + repo + ": " + e.getMessage()
          + "; set HF_HOME or HF_HUB_CACHE to a writable folder");
    }
  }

  private TokenizerLoadException failure(String modelId, String file, int status, String errorCode) {
    boolean gated = "GatedRepo".equalsIgnoreCase(errorCode) || status == 403;
    if (status == 401 || status == 403) {
      String why = gated ? "is gated: accept its licence on the Hub, then "
          : "is private, gated or does not exist: check the name, or ";
      String tokenState = settings.token() == null ? "no token was sent" : "the token sent was refused";
      return new TokenizerLoadException("'" + modelId + "' " + why + "set tokenizer.token or HF_TOKEN to a token "
          + "with access (HTTP " + status + " for " + file + "; " + tokenState + ")");
    }
    return new TokenizerLoadException("the Hugging Face Hub answered HTTP " + status + " for " + file + " of '"
        + modelId + "' at " + settings.endpoint());
  }

  private static void store(Download download, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path temporary = Files.createTempFile(target.getParent(), ".download-", ".tmp");
      Files.write(temporary, download.body());
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TokenizerLoadException("could not write the tokenizer cache file " + target + ": " + e.getMessage()
          + "; set HF_HOME or HF_HUB_CACHE to a writable folder");
    }
  }

  private void writeRef(String modelId, String commit) {
    Path ref = repoFolder(modelId).resolve("refs").resolve(REVISION);
    try {
      Files.createDirectories(ref.getParent());
      Files.writeString(ref, commit);
    } catch (IOException e) {
      throw new TokenizerLoadException("could not write " + ref + ": " + e.getMessage());
    }
  }
}
