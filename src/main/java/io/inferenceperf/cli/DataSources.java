package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.StorageConfig.GoogleCloudStorage;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.config.WekaReplayConfig;
import io.inferenceperf.storage.GcsObjectStore;
import io.inferenceperf.storage.GcsSettings;
import io.inferenceperf.storage.ObjectStore;
import io.inferenceperf.storage.S3ObjectStore;
import io.inferenceperf.storage.StorageException;
import io.inferenceperf.tokenizer.HubDatasetRows;
import io.inferenceperf.data.VisionArenaRows;
import io.inferenceperf.tokenizer.HubDatasets;
import io.inferenceperf.tokenizer.HubRepoFiles;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.TokenizerLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes data.path local before the data is read: an {@code s3://bucket/key} or {@code gs://bucket/key} (a file,
 * or a folder ending in "/") is downloaded once into a cache folder, and a dataset type without data.path gets the file inference-perf
 * downloads from the Hugging Face Hub: shareGPT's JSON file ({@link #HUB_FILES}), or the first rows of
 * cnn_dailymail's split through the Hub's dataset viewer API ({@link #HUB_ROWS}, whose files are Parquet), or, for
 * visionarena, data.visionarena's split through the same API with its images downloaded ({@link VisionArenaHub}).
 * data.weka_trace_replay.hf_dataset_path becomes that dataset's traces.jsonl, downloaded as shareGPT's file is.
 */
final class DataSources {
  private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);

  /** Where inference-perf takes a dataset from when data.path is absent: repository and file. */
  static final Map<DataType, List<String>> HUB_FILES = Map.of(
      DataType.SHAREGPT, List.of("anon8231489123/ShareGPT_Vicuna_unfiltered", "ShareGPT_V3_unfiltered_cleaned_split.json"));

  /** Where inference-perf streams a dataset from when data.path is absent: dataset, config, split, columns. */
  static final Map<DataType, HubDatasetRows.Split> HUB_ROWS = Map.of(DataType.CNN_DAILYMAIL,
      new HubDatasetRows.Split("abisee/cnn_dailymail", "3.0.0", "train", List.of("article", "highlights")));

  /** Rows of a HUB_ROWS split that are downloaded and cycled (inference-perf streams the whole split). */
  static final int HUB_ROWS_PER_RUN = 2_000;

  /** The longest one image download may take. */
  private static final java.time.Duration IMAGE_TIMEOUT = java.time.Duration.ofSeconds(60);

  /** Prefix of the system properties that override Hub environment variables ({@link #hubEnvironment()}). */
  static final String ENV_PROPERTY_PREFIX = "inferenceperf.env.";

  /** Files of a bucket folder that are read (data.path's formats). */
  private static final int MAX_FOLDER_FILES = 10_000;

  /** Overrides the cache folder of downloaded data (tests). */
  static final String CACHE_PROPERTY = "inferenceperf.dataCache";

  private DataSources() {}

  /** {@code config} with a local data.path, downloading what is needed. */
  static Config resolve(Config config) throws UserError {
    DataConfig data = config.data();
    if (data.type() == DataType.WEKA_TRACE_REPLAY) return wekaTraces(config);
    if (!data.type().isDataset()) return config;
    String path = data.path();
    if (path == null && HUB_FILES.containsKey(data.type())) return withPath(config, fromHub(config));
    if (path == null && HUB_ROWS.containsKey(data.type())) return withPath(config, fromDatasetViewer(config));
    if (path == null && data.type() == DataType.VISIONARENA && data.visionArenaOrDefaults().hfDataFiles() != null) {
      return visionArenaHubFiles(config);
    }
    if (path == null && data.type() == DataType.VISIONARENA) return withPath(config, visionArenaRows(config));
    if (path == null) return config;
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3://")) return withPath(config, fromBucket("s3", path, bucket -> s3(config, bucket)));
    if (lower.startsWith("gs://")) return withPath(config, fromBucket("gs", path, bucket -> gcs(config, bucket)));
    return config;
  }

  /** weka_trace_replay with hf_dataset_path: the dataset's traces.jsonl, from the Hub cache or downloaded. */
  private static Config wekaTraces(Config config) throws UserError {
    WekaReplayConfig weka = config.data().wekaTraceReplay();
    if (weka == null || weka.hfDatasetPath() == null) return config;
    HubSettings hub = HubSettings.from(System.getenv(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    LOG.info("data.weka_trace_replay: {} of the Hugging Face dataset {} (cache {})", WekaReplayConfig.HUB_TRACES_FILE,
        weka.hfDatasetPath(), hub.hubCache());
    Path local;
    try {
      local = HubDatasets.fetch(hub, weka.hfDatasetPath(), WekaReplayConfig.HUB_TRACES_FILE);
    } catch (TokenizerLoadException e) {
      throw new UserError(ExitCode.RUN_FAILED, "data.weka_trace_replay.hf_dataset_path: " + e.getMessage());
    }
    DataConfig data = config.data().withWekaTraceReplay(weka.withTraceFiles(List.of(local.toString())));
    return new Config(config.api(), data, config.load(), config.server(), config.metrics(), config.report(),
        config.storage(), config.tokenizer(), config.circuitBreakers(), config.simulator());
  }

  private static Config withPath(Config config, Path local) {
    DataConfig data = config.data().withPath(local.toString());
    return new Config(config.api(), data, config.load(), config.server(), config.metrics(), config.report(),
        config.storage(), config.tokenizer(), config.circuitBreakers(), config.simulator());
  }

  private static Path fromHub(Config config) throws UserError {
    List<String> source = HUB_FILES.get(config.data().type());
    HubSettings hub = HubSettings.from(System.getenv(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    LOG.info("data.type {} without data.path: {} of the Hugging Face dataset {} (cache {})",
        config.data().type().yamlName, source.get(1), source.get(0), hub.hubCache());
    try {
      return HubDatasets.fetch(hub, source.get(0), source.get(1));
    } catch (TokenizerLoadException e) {
      throw new UserError(ExitCode.RUN_FAILED, "data.type " + config.data().type().yamlName + ": " + e.getMessage());
    }
  }

  private static Path fromDatasetViewer(Config config) throws UserError {
    HubDatasetRows.Split split = HUB_ROWS.get(config.data().type());
    HubDatasetRows rows = datasetViewer(config);
    String what = "data.type " + config.data().type().yamlName;
    LOG.info("{} without data.path: the first {} rows of the Hugging Face dataset {} (config {}, split {}) from {}"
        + " (cache {})", what, HUB_ROWS_PER_RUN, split.dataset(), split.config(), split.split(), rows.server(),
        rows.cacheFile(split, HUB_ROWS_PER_RUN));
    try {
      HubDatasetRows.Fetched fetched = rows.fetch(split, HUB_ROWS_PER_RUN);
      LOG.info("{}: {} rows {} {}{}", what, fetched.rows(), fetched.fromCache() ? "from the cache" : "downloaded to",
          fetched.file(), fetched.skippedRows() == 0 ? ""
              : " (" + fetched.skippedRows() + " rows skipped: a column missing or truncated by the viewer)");
      return fetched.file();
    } catch (TokenizerLoadException e) {
      throw new UserError(ExitCode.RUN_FAILED, what + ": " + e.getMessage());
    }
  }

  private static HubDatasetRows datasetViewer(Config config) {
    return HubDatasetRows.from(hubEnvironment(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
  }

  /**
   * The environment with the Hub variables a system property {@code inferenceperf.env.<NAME>} overrides (tests that
   * run the command line in-process point HF_DATASETS_SERVER and HF_HOME at their own folders that way).
   */
  static Map<String, String> hubEnvironment() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    for (String name : List.of(HubDatasetRows.SERVER_ENV, "HF_HOME", "HF_HUB_CACHE", "HF_ENDPOINT", "HF_HUB_OFFLINE",
        "HF_DATASETS_OFFLINE")) {
      String override = System.getProperty(ENV_PROPERTY_PREFIX + name);
      if (override != null) env.put(name, override);
    }
    return env;
  }

  /** data.type visionarena without data.path: data.visionarena's split through the dataset viewer, with images. */
  private static Path visionArenaRows(Config config) throws UserError {
    VisionArenaConfig visionArena = config.data().visionArenaOrDefaults();
    HubDatasetRows rows = datasetViewer(config);
    HubDatasetRows.Split split = VisionArenaHub.split(visionArena);
    LOG.info("data.type visionarena without data.path: {} usable rows of the Hugging Face dataset {} (split {}) from"
        + " {}, images downloaded (cache {})", visionArena.numRows(), split.dataset(), split.split(), rows.server(),
        rows.cacheFile(split, VisionArenaHub.cacheName(visionArena)));
    try {
      VisionArenaHub.Result result = VisionArenaHub.fetch(rows, visionArena, IMAGE_TIMEOUT);
      HubDatasetRows.Fetched fetched = result.fetched();
      LOG.info("data.type visionarena: {} rows {} {}{}", fetched.rows(), fetched.fromCache() ? "from the cache"
          : "with their images downloaded to", fetched.file(), result.skipped().isEmpty() ? ""
              : " (" + result.skipped() + ")");
      return fetched.file();
    } catch (TokenizerLoadException e) {
      throw new UserError(ExitCode.RUN_FAILED, "data.type visionarena: " + e.getMessage());
    }
  }

  /**
   * data.visionarena.hf_data_files: the repository's files matching the patterns, downloaded in name order into the
   * Hub cache (or taken from it) until num_rows usable rows are read, as the datasets library streams them.
   */
  private static Config visionArenaHubFiles(Config config) throws UserError {
    VisionArenaConfig visionArena = config.data().visionArenaOrDefaults();
    String repo = visionArena.hfDatasetName();
    HubSettings hub = HubSettings.from(hubEnvironment(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    String what = "data.visionarena.hf_data_files " + visionArena.hfDataFiles();
    List<String> matched;
    try {
      matched = HubRepoFiles.matching(hub, repo, visionArena.hfDataFiles());
    } catch (TokenizerLoadException e) {
      throw new UserError(ExitCode.RUN_FAILED, what + ": " + e.getMessage());
    }
    List<String> readable = matched.stream().filter(f -> VisionArenaRows.readableFile(Path.of(f))).toList();
    if (readable.isEmpty()) {
      throw new UserError(ExitCode.CONFIG_ERROR, what + " match" + (matched.isEmpty() ? " no file" : " only "
          + matched + ", none of them .parquet, .json or .jsonl") + " of the Hugging Face dataset " + repo
          + (hub.offline() ? " in the cache (HF_HUB_OFFLINE is set)" : "") + "; patterns are relative to the"
          + " repository (e.g. \"data/train-*.parquet\"; * stays within a folder, ** crosses folders)");
    }
    LOG.info("{}: {} matching files of the Hugging Face dataset {} (cache {})", what, readable.size(), repo,
        hub.hubCache());
    List<String> local = new java.util.ArrayList<>();
    int usable = 0;
    for (String file : readable) {
      if (usable >= visionArena.numRows()) break;
      Path copy;
      try {
        copy = HubDatasets.fetch(hub, repo, file);
        usable += VisionArenaRows.usableRows(copy, visionArena.numRows() - usable, visionArena.maxImagesPerRequest());
      } catch (TokenizerLoadException e) {
        throw new UserError(ExitCode.RUN_FAILED, what + ": " + e.getMessage());
      } catch (java.io.IOException e) {
        throw new UserError(ExitCode.CONFIG_ERROR, what + ": " + e.getMessage());
      }
      local.add(copy.toString());
      LOG.info("data.type visionarena: {} of {} ({} usable rows so far)", file, repo, usable);
    }
    VisionArenaConfig resolved = visionArena.withLocalFiles(local);
    DataConfig data = config.data().withVisionArena(resolved);
    return new Config(config.api(), data, config.load(), config.server(), config.metrics(), config.report(),
        config.storage(), config.tokenizer(), config.circuitBreakers(), config.simulator());
  }

  /** Opens a bucket by name. */
  private interface Opener {
    ObjectStore open(String bucket) throws StorageException;
  }

  /**
   * Downloads {@code scheme://bucket/key} (or every .json/.jsonl under {@code scheme://bucket/prefix/}) into the
   * cache, once: a file already in the cache is used as it is.
   */
  private static Path fromBucket(String scheme, String url, Opener opener) throws UserError {
    String rest = url.substring(scheme.length() + "://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new UserError(ExitCode.CONFIG_ERROR, "data.path " + url + " must look like " + scheme
          + "://bucket/file.json or " + scheme + "://bucket/folder/");
    }
    String bucket = rest.substring(0, slash);
    String key = rest.substring(slash + 1);
    Path cache = cacheRoot().resolve(scheme).resolve(bucket);
    try (ObjectStore store = opener.open(bucket)) {
      if (!key.isEmpty() && !key.endsWith("/")) return download(store, key, cache);
      List<String> keys = store.list(key, MAX_FOLDER_FILES).stream()
          .filter(k -> k.endsWith(".json") || k.endsWith(".jsonl")).toList();
      if (keys.isEmpty()) {
        throw new UserError(ExitCode.CONFIG_ERROR, "data.path " + url + " holds no .json or .jsonl file");
      }
      for (String k : keys) download(store, k, cache);
      return cache.resolve(key);
    } catch (StorageException e) {
      throw new UserError(e.kind().retryable() ? ExitCode.RUN_FAILED : ExitCode.CONFIG_ERROR,
          "data.path: " + e.getMessage());
    }
  }

  private static Path download(ObjectStore store, String key, Path cache) throws StorageException {
    Path target = cache.resolve(key);
    if (Files.isRegularFile(target)) {
      LOG.info("data.path: using the cached copy {} of {}/{}", target, store.describe(), key);
      return target;
    }
    LOG.info("data.path: downloading {}/{} to {}", store.describe(), key, target);
    store.download(key, target);
    return target;
  }

  /** The endpoint, region and addressing of storage.simple_storage_service when set, else the AWS SDK's. */
  private static ObjectStore s3(Config config, String bucket) throws StorageException {
    return S3ObjectStore.open(BucketTarget.S3.settings(config.storage().simpleStorageService(), bucket));
  }

  /** Application default credentials; the endpoint_url of storage.google_cloud_storage when set. */
  private static ObjectStore gcs(Config config, String bucket) throws StorageException {
    GoogleCloudStorage gcs = config.storage().googleCloudStorage();
    String endpoint = gcs == null ? null : gcs.endpointUrl();
    return GcsObjectStore.open(new GcsSettings(bucket, endpoint, GcsSettings.DEFAULT_RESUMABLE_ABOVE_BYTES));
  }

  /** {@code $XDG_CACHE_HOME/inference-perf/data}, default {@code ~/.cache/inference-perf/data}. */
  private static Path cacheRoot() {
    String override = System.getProperty(CACHE_PROPERTY);
    if (override != null) return Path.of(override);
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("inference-perf").resolve("data");
  }
}
