package io.inferenceperf.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.testkit.SimulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the image that `mvn package` built offline (target/jib-image.tar, profile container-image) as a container, as
 * the Kubernetes manifests run it: the config mounted at /etc/config/config.yml, entrypoint inference-perf with
 * {@code --config_file}, a read-only root file system with /tmp and /workspace writable, user 65532, against our
 * simulator on the host's loopback. A real tokenizer folder is mounted too, so the native tokenizer library must load
 * from /tmp. With podman when it can run containers here, else the image's layers unpacked and run with chroot in a
 * private mount namespace ({@link ImageRunner} says which, and so does this test's output).
 */
class ContainerImageIT {

  @RegisterExtension
  static final SimulatorExtension SIM = SimulatorExtension.withOptions("profile", "fixed", "ttft_ms", 5, "itl_ms", 1,
      "model", "m");

  @Test
  void imageRunsTheConfigMountedAsInTheManifestsAndWritesReports(@TempDir Path dir) throws Exception {
    Path image = Path.of("target", "jib-image.tar").toAbsolutePath();
    assertTrue(Files.isRegularFile(image), "no " + image + ": mvn package with scripts/image-base.sh run first");
    Path tokenizer = Path.of(".tools", "tokenizers", "llama3").toAbsolutePath();
    assertTrue(Files.isDirectory(tokenizer), "tokenizer files missing at " + tokenizer + ": run scripts/test-deps.sh");

    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("config.yml"), configFor(SIM.baseUrl()));
    Path workspace = writableByAll(Files.createDirectories(dir.resolve("workspace")));

    ImageRunner runner = ImageRunner.forImage(image, dir.resolve("unpacked"));
    System.out.println("ContainerImageIT: running the image with " + runner.describe());
    ImageRunner.Result result;
    try {
      result = runner.run(List.of(
          new ImageRunner.Mount(config, "/etc/config", true),
          new ImageRunner.Mount(tokenizer, "/etc/tokenizer", true),
          new ImageRunner.Mount(workspace, "/workspace", false)),
          // command and args exactly as the Job in deploy/ has them: the entrypoint found on PATH
          jobContainer().get("command"), jobContainer().get("args"), dir.resolve("container.log"));
    } finally {
      runner.removeImage();
    }

    String log = result.output();
    System.out.println("ContainerImageIT: " + runner.describe() + " exited " + result.exitCode() + "; its output:\n"
        + log);
    assertEquals(0, result.exitCode(), "the container failed (" + runner.describe() + "):\n" + log);
    Path reports = workspace.resolve("reports");
    assertTrue(Files.isRegularFile(reports.resolve("summary_lifecycle_metrics.json")),
        "no summary report in " + reports + " (" + list(workspace) + "):\n" + log);
    assertTrue(Files.isRegularFile(reports.resolve("results.jsonl.gz")), "no results file:\n" + log);
    String summary = Files.readString(reports.resolve("summary_lifecycle_metrics.json"));
    assertTrue(summary.contains("\"successes\""), summary);
    assertTrue(SIM.truth().snapshot().completed() >= 10, "the simulator served the container's requests: "
        + SIM.truth().snapshot());
    assertTrue(!log.contains("approximation"), "the real tokenizer did not load in the container:\n" + log);
  }

  /** The command and args of the Job in deploy/kustomize/base. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> jobContainer() throws IOException {
    Map<String, Object> job = new Yaml().load(Files.readString(Path.of("deploy", "kustomize", "base", "job.yaml")));
    Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) job.get("spec"))
        .get("template")).get("spec");
    return ((List<Map<String, List<String>>>) spec.get("containers")).get(0);
  }

  private static String configFor(String baseUrl) {
    return """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: "%s", model_name: m, ignore_eos: true}
        tokenizer: {pretrained_model_name_or_path: /etc/tokenizer}
        data:
          type: random
          input_distribution: {min: 16, max: 64, mean: 32, std_dev: 8}
          output_distribution: {min: 4, max: 16, mean: 8, std_dev: 2}
        load:
          type: constant
          stages: [{rate: 5, duration: 3}]
        storage:
          local_storage: {path: /workspace/reports}
        """.formatted(baseUrl);
  }

  private static Path writableByAll(Path folder) throws IOException {
    // the container runs as uid 65532, as in Kubernetes (an emptyDir is writable by the pod's user)
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    return folder;
  }

  private static String list(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder, 3)) {
      return files.map(folder::relativize).map(Path::toString).toList().toString();
    }
  }
}
