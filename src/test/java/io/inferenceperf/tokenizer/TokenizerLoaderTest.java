package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerLoaderTest {

  @TempDir Path home;
  private FakeHub hub;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub();
    env.put("HF_ENDPOINT", hub.endpoint());
    env.put("HF_HOME", home.resolve("hf").toString());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private TokenizerLoadResult load(String name, String token) {
    return TokenizerLoader.load(new TokenizerConfig(name, false, token), null, HubSettings.from(env, home, token));
  }

  private static Tokenizer loaded(TokenizerLoadResult result) {
    if (result instanceof TokenizerLoadResult.Failed failed) {
      throw new AssertionError("load failed: " + failed.message());
    }
    return ((TokenizerLoadResult.Loaded) result).tokenizer();
  }

  private static String failure(TokenizerLoadResult result) {
    return assertInstanceOf(TokenizerLoadResult.Failed.class, result).message();
  }

  private static boolean inputMistake(TokenizerLoadResult result) {
    return assertInstanceOf(TokenizerLoadResult.Failed.class, result).inputMistake();
  }

  @Test
  void downloadsIntoTheHuggingFaceCacheLayoutAndThenUsesTheCache() throws IOException {
    Tokenizer tokenizer = loaded(load("org/llama3", null));
    assertArrayEquals(new int[] {9906, 1917}, tokenizer.encode("Hello world", false));
    assertTrue(tokenizer.chatTemplate().isPresent(), "tokenizer_config.json was fetched too");
    Path repo = home.resolve("hf/hub/models--org--llama3");
    assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/main")));
    assertTrue(Files.isRegularFile(repo.resolve("snapshots/" + FakeHub.COMMIT + "/tokenizer.json")));
    assertTrue(hub.requests.contains("/org/llama3/resolve/main/tokenizer.json"));

    hub.close(); // the second load must not need the network
    int requestsBefore = hub.requests.size();
    Tokenizer again = loaded(load("org/llama3", null));
    assertEquals(2, again.countTokens("Hello world", false));
    assertEquals(requestsBefore, hub.requests.size());
  }

  @Test
  void offlineWithoutCacheSaysSoAndHowToFixIt() {
    env.put("HF_HUB_OFFLINE", "1");
    String message = failure(load("org/llama3", null));
    assertTrue(message.contains("HF_HUB_OFFLINE is set"), message);
    assertTrue(message.contains("local folder"), message);
    assertTrue(hub.requests.isEmpty(), "offline must not touch the network");
  }

  @Test
  void offlineWithCacheWorks() {
    loaded(load("org/llama3", null));
    env.put("HF_HUB_OFFLINE", "true");
    assertEquals(2, loaded(load("org/llama3", null)).countTokens("Hello world", false));
  }

  @Test
  void gatedModelNeedsAToken() {
    String message = failure(load("org/gated", null));
    assertTrue(message.contains("is gated"), message);
    assertTrue(message.contains("tokenizer.token or HF_TOKEN"), message);
    assertTrue(message.contains("HTTP 401"), message);
    assertTrue(message.contains("no token was sent"), message);

    String refused = failure(load("org/gated", "wrong-token"));
    assertTrue(refused.contains("the token sent was refused"), refused);

    assertEquals(2, loaded(load("org/gated", FakeHub.GOOD_TOKEN)).countTokens("Hello world", false));
    assertTrue(hub.authorizations.contains("Bearer " + FakeHub.GOOD_TOKEN));
  }

  @Test
  void hfTokenFromTheEnvironmentIsUsed() {
    env.put("HF_TOKEN", FakeHub.GOOD_TOKEN);
    assertEquals(2, loaded(load("org/gated", null)).countTokens("Hello world", false));
  }

  @Test
  void gpt2StyleVocabAndMergesAreEnough() {
    Tokenizer tokenizer = loaded(load("org/gpt2", null));
    assertArrayEquals(new int[] {15496, 995}, tokenizer.encode("Hello world", false));
  }

  @Test
  void modelWithoutTokenizerFilesIsAClearError() {
    String message = failure(load("org/nothing", null));
    assertTrue(message.contains("has no tokenizer files (tried tokenizer.json, vocab.json + merges.txt, "
        + "tokenizer.model)"), message);
    assertTrue(message.startsWith("tokenizer.pretrained_model_name_or_path 'org/nothing'"), message);
    assertFalse(inputMistake(load("org/nothing", null)), "what the Hub holds is not the user's input (exit 1)");
  }

  @Test
  void sentencePieceOnlyModelsWork() {
    Tokenizer tokenizer = loaded(load("org/sentencepiece", null));
    assertInstanceOf(SentencePieceTokenizer.class, tokenizer);
    assertTrue(tokenizer.countTokens("Hello world", false) > 0);
    assertTrue(hub.requests.contains("/org/sentencepiece/resolve/main/tokenizer.model"));
  }

  @Test
  void unreachableHubIsAClearError() {
    env.put("HF_ENDPOINT", "http://127.0.0.1:1");
    String message = failure(load("org/llama3", null));
    assertTrue(message.contains("could not reach the Hugging Face Hub"), message);
    assertFalse(inputMistake(load("org/llama3", null)), "the network failing is not the user's input (exit 1)");
  }

  @Test
  void localFolderAndTokenizerJsonPathBothWork() {
    Path folder = RealTokenizers.folder("qwen3");
    assertEquals("hf:" + folder, loaded(load(folder.toString(), null)).name());
    assertEquals(2, loaded(load(folder.resolve("tokenizer.json").toString(), null)).countTokens("Hello world", false));
    String message = failure(load("/no/such/folder", null));
    assertTrue(message.contains("no such folder /no/such/folder"), message);
    assertTrue(inputMistake(load("/no/such/folder", null)), "a folder that is not there is a config mistake");
  }

  @Test
  void withoutATokenizerSectionTheModelNameIsTriedThenTheApproximation() {
    HubSettings settings = HubSettings.from(env, home, null);
    TokenizerLoadResult.Loaded viaModel = assertInstanceOf(TokenizerLoadResult.Loaded.class,
        TokenizerLoader.load(null, "org/llama3", settings));
    assertTrue(viaModel.tokenizer().exact());
    assertTrue(viaModel.warnings().get(0).contains("using the tokenizer of the served model 'org/llama3'"));

    TokenizerLoadResult.Loaded fallback = assertInstanceOf(TokenizerLoadResult.Loaded.class,
        TokenizerLoader.load(null, "org/unknown-model", settings));
    assertSame(ApproximateTokenizer.instance(), fallback.tokenizer());
    assertEquals("built-in approximation", fallback.source());
    assertTrue(fallback.warnings().get(0).contains("NOT exact"), fallback.warnings().toString());
    assertTrue(fallback.warnings().get(0).contains("org/unknown-model"), fallback.warnings().toString());
  }

  @Test
  void settingsFollowHuggingFaceEnvironmentVariables() throws IOException {
    HubSettings defaults = HubSettings.from(Map.of(), home, null);
    assertEquals("https://huggingface.co", defaults.endpoint());
    assertEquals(home.resolve(".cache/huggingface/hub"), defaults.hubCache());
    Files.createDirectories(home.resolve("hf"));
    Files.writeString(home.resolve("hf/token"), "file-token\n");
    HubSettings custom = HubSettings.from(Map.of("HF_HOME", home.resolve("hf").toString(), "HF_HUB_CACHE", "/c",
        "HF_ENDPOINT", "http://mirror/"), home, null);
    assertEquals("http://mirror", custom.endpoint());
    assertEquals(Path.of("/c"), custom.hubCache());
    assertEquals("file-token", custom.token());
    assertEquals("config-token", HubSettings.from(Map.of("HF_TOKEN", "env"), home, "config-token").token());
    assertTrue(!custom.toString().contains("file-token"), "toString must not print the token");
  }
}
