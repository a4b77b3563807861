package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class ConfigYamlTest {

  @TempDir Path dir;

  @Test
  void secretsAreRedactedAndEverythingElseKept() {
    LoadResult r = Loads.resource("full.yml", "--api.headers", "{\"X-Api-Key\": \"k1\", \"x-goog-token\": \"t\","
        + " \"Cookie\": \"c\", \"x-trace\": \"keep-me\"}", "--metrics.prometheus.url", "https://u:pw@prom.test:9090");
    String yaml = ConfigYaml.redactedYaml(r.resolvedTree());
    for (String secret : List.of("sk-secret-key", "hf_secret_token", "secret-header-value", "k1", ":pw@")) {
      assertFalse(yaml.contains(secret), "leaked " + secret + ":\n" + yaml);
    }
    Map<String, Object> tree = new Yaml().load(yaml);
    assertEquals("REDACTED", section(tree, "server").get("api_key"));
    assertEquals("REDACTED", section(tree, "tokenizer").get("token"));
    Map<String, Object> headers = section(section(tree, "api"), "headers");
    assertEquals(Map.of("x-team", "perf", "Authorization", "REDACTED", "X-Api-Key", "REDACTED",
        "x-goog-token", "REDACTED", "Cookie", "REDACTED", "x-trace", "keep-me"), headers);
    assertEquals("https://u:REDACTED@prom.test:9090", section(section(tree, "metrics"), "prometheus").get("url"));
    // the in-memory tree itself is untouched
    assertEquals("sk-secret-key", section(r.resolvedTree(), "server").get("api_key"));
  }

  @Test
  void aPasswordInTheS3EndpointIsRedactedAndTheStoragePathsExpandedOnce() {
    LoadResult r = Loads.resource("full.yml", "--storage.simple_storage_service",
        "{\"bucket_name\": \"b\", \"endpoint_url\": \"https://minio:pw@minio.test:9000\"}");
    String yaml = ConfigYaml.redactedYaml(r.resolvedTree());
    assertFalse(yaml.contains(":pw@"), yaml);
    Map<String, Object> s3 = section(section(new Yaml().load(yaml), "storage"), "simple_storage_service");
    assertEquals("https://minio:REDACTED@minio.test:9000", s3.get("endpoint_url"));
    assertTrue(String.valueOf(s3.get("path")).matches("reports-\\d{8}-\\d{6}"), s3.toString());
    assertEquals("auto", s3.get("addressing_style"));
  }

  @Test
  void aPasswordInTheGcsEndpointIsRedactedAndItsPathExpandedWithTheSameTimestamp() {
    LoadResult r = Loads.resource("full.yml", "--storage.google_cloud_storage",
        "{\"bucket_name\": \"g\", \"endpoint_url\": \"http://user:pw@fake-gcs.test:4443\"}");
    String yaml = ConfigYaml.redactedYaml(r.resolvedTree());
    assertFalse(yaml.contains(":pw@"), yaml);
    Map<String, Object> storage = section(new Yaml().load(yaml), "storage");
    Map<String, Object> gcs = section(storage, "google_cloud_storage");
    assertEquals("http://user:REDACTED@fake-gcs.test:4443", gcs.get("endpoint_url"));
    assertEquals("g", gcs.get("bucket_name"));
    String local = String.valueOf(section(storage, "local_storage").get("path"));
    assertEquals(local.substring(local.length() - 15), String.valueOf(gcs.get("path")).substring(8));
  }

  @Test
  void absentSecretsStayNull() {
    String yaml = ConfigYaml.redactedYaml(Loads.minimalPlus().resolvedTree());
    assertTrue(yaml.contains("api_key: null"), yaml);
    assertFalse(yaml.contains("REDACTED"));
  }

  @Test
  void writtenConfigLoadsBackToTheSameRun() throws Exception {
    for (LoadResult first : List.of(Loads.resource("full.yml"), Loads.minimalPlus(), Loads.resource("simulator.yml"),
        Loads.minimalPlus("--load.type", "concurrent", "--load.stages",
            "[{\"num_requests\": 3, \"concurrency_level\": 1}]", "--data.type", "random",
            "--data.input_distribution", "{\"variance\": 9}", "--data.output_distribution", "{}"))) {
      Path file = dir.resolve("config.yaml");
      Files.writeString(file, ConfigYaml.dump(first.resolvedTree()));
      LoadResult again = ConfigLoader.load(file, List.of(),
          new SchemaKey.DefaultContext(java.time.Clock.offset(Loads.CLOCK, java.time.Duration.ofHours(5)), 99));
      // same seed, same report folder and worker count although the clock and CPU count differ
      assertEquals(ok(first), ok(again));
      assertEquals(first.resolvedTree(), again.resolvedTree());
    }
  }

  @Test
  void inlineRendering() {
    assertEquals("[0.1, 1, 99.9]", ConfigYaml.inline(List.of(0.1, 1.0, 99.9)));
    assertEquals("{a: 1}", ConfigYaml.inline(Map.of("a", 1)));
    assertEquals("null", ConfigYaml.inline(null));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }
}
