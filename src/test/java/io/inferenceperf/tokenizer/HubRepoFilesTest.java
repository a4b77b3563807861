package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hf_data_files' matching as the datasets library's data_files: relative to the repository, * within a folder, **
 * across folders, several patterns, name order; here on a cached snapshot with HF_HUB_OFFLINE (the listing over HTTP
 * is tested end to end by VisionArenaParquetEndToEndTest).
 */
class HubRepoFilesTest {
  @TempDir Path home;

  private HubSettings offlineWith(String... files) throws IOException {
    Path repo = home.resolve("hub").resolve("datasets--lab--arena");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs").resolve("main"), "abc123");
    for (String file : files) {
      Path path = repo.resolve("snapshots").resolve("abc123").resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "x");
    }
    return HubSettings.from(Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1"), home, null);
  }

  @Test
  void globsMatchRelativeToTheRepositoryInNameOrder() throws IOException {
    HubSettings hub = offlineWith("README.md", "top.parquet", "data/train-00001.parquet", "data/train-00000.parquet",
        "data/test-00000.parquet", "data/deep/train-9.parquet");
    assertEquals(List.of("data/train-00000.parquet", "data/train-00001.parquet"),
        HubRepoFiles.matching(hub, "lab/arena", List.of("data/train-*.parquet")));
    assertEquals(List.of("top.parquet"), HubRepoFiles.matching(hub, "lab/arena", List.of("*.parquet")),
        "* stays within a folder");
    assertEquals(List.of("data/deep/train-9.parquet", "data/test-00000.parquet", "data/train-00000.parquet",
        "data/train-00001.parquet"), HubRepoFiles.matching(hub, "lab/arena", List.of("data/**.parquet")));
    assertEquals(List.of("data/test-00000.parquet", "top.parquet"),
        HubRepoFiles.matching(hub, "lab/arena", List.of("./top.parquet", "data/test-0000?.parquet")));
    assertEquals(List.of(), HubRepoFiles.matching(hub, "lab/arena", List.of("train/*.parquet")));
  }

  @Test
  void offlineWithoutACachedSnapshotSaysHowToFixIt() {
    HubSettings hub = HubSettings.from(Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1"), home, null);
    TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
        () -> HubRepoFiles.matching(hub, "lab/arena", List.of("*.parquet")));
    assertTrue(e.getMessage().contains("HF_HUB_OFFLINE is set and the dataset 'lab/arena' has no cached files")
        && e.getMessage().contains("data.path"), e.getMessage());
  }
}
