package io.inferenceperf.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a `docker save` image tarball (what Jib's buildTar writes) as a container, the way Kubernetes runs our Job:
 * read-only root, /tmp a writable tmpfs (an emptyDir), host network (the simulator is on the host's loopback), the
 * image's user, entrypoint and environment. With podman when it can start a container on this machine; otherwise
 * (unprivileged or cgroup-limited sandboxes) the layers are unpacked and run with chroot inside a private mount
 * namespace (unshare), with the same mounts. {@link #describe()} says which one ran.
 */
final class ImageRunner {

  /** A host folder mounted into the container. */
  record Mount(Path host, String container, boolean readOnly) {}

  record Result(int exitCode, String output) {}

  private static final long RUN_TIMEOUT_SECONDS = 300;
  private final Path imageTar;
  private final Path unpackDir;
  private final String podmanImage;

  private ImageRunner(Path imageTar, Path unpackDir, String podmanImage) {
    this.imageTar = imageTar;
    this.unpackDir = unpackDir;
    this.podmanImage = podmanImage;
  }

  /** Loads the image into podman and checks that podman can start it; else prepares the chroot way. */
  static ImageRunner forImage(Path imageTar, Path unpackDir) throws IOException, InterruptedException {
    if ("chroot".equals(System.getProperty("inferenceperf.imageRunner"))) {
      return new ImageRunner(imageTar, unpackDir, null); // to try the fallback where podman works
    }
    String loaded = podmanLoad(imageTar);
    if (loaded != null && podmanCanRun(loaded)) {
      return new ImageRunner(imageTar, unpackDir, loaded);
    }
    return new ImageRunner(imageTar, unpackDir, null);
  }

  String describe() {
    return podmanImage != null ? "podman (runc, read-only root, host network)"
        : "chroot in a private mount namespace (podman not used: it could not start a container here, or"
            + " -Dinferenceperf.imageRunner=chroot)";
  }

  /**
   * Runs {@code command} (replacing the image's entrypoint, as a pod's {@code command} does; empty: the
   * entrypoint) with {@code args}.
   */
  Result run(List<Mount> mounts, List<String> command, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> line = podmanImage != null ? podmanRun(mounts, command, args) : chrootRun(mounts, command, args);
    return exec(line, log);
  }

  // --- podman ---

  private static String podmanLoad(Path imageTar) throws IOException, InterruptedException {
    if (!onPath("podman")) return null;
    Result loaded = exec(List.of("podman", "load", "-i", imageTar.toString()), null);
    if (loaded.exitCode() != 0) return null;
    for (String line : loaded.output().split("\n")) {
      if (!line.startsWith("Loaded image")) continue;
      String name = line.substring(line.indexOf(':') + 1).trim().split(",")[0];
      // by id from here on: another checkout's test may load a different image under the same name meanwhile
      Result id = exec(List.of("podman", "image", "inspect", "--format", "{{.Id}}", name), null);
      return id.exitCode() == 0 ? id.output().trim() : null;
    }
    return null;
  }

  /** Removes the image loaded into podman (left alone when a container still uses it). */
  void removeImage() throws IOException, InterruptedException {
    if (podmanImage != null) exec(List.of("podman", "rmi", podmanImage), null);
  }

  private static boolean podmanCanRun(String image) throws IOException, InterruptedException {
    List<String> probe = new ArrayList<>(podmanBase());
    probe.addAll(List.of("--entrypoint", "/bin/true", image));
    return exec(probe, null).exitCode() == 0;
  }

  private static List<String> podmanBase() throws IOException, InterruptedException {
    // crun cannot run in the sandboxes' hybrid cgroup set-up and nobody may raise rlimits there: runc, and limits
    // no higher than ours
    String nofile = exec(List.of("sh", "-c", "ulimit -Hn"), null).output().trim();
    List<String> base = new ArrayList<>(List.of("podman"));
    if (onPath("runc")) base.addAll(List.of("--runtime", "runc"));
    base.addAll(List.of("run", "--rm", "--network", "host", "--read-only", "--tmpfs", "/tmp:rw,exec,mode=1777",
        "--ulimit", "nofile=" + nofile + ":" + nofile, "--ulimit", "nproc=4096:4096"));
    return base;
  }

  private List<String> podmanRun(List<Mount> mounts, List<String> entrypoint, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(podmanBase());
    for (Mount m : mounts) {
      command.addAll(List.of("-v", m.host() + ":" + m.container() + (m.readOnly() ? ":ro" : ":rw")));
    }
    if (!entrypoint.isEmpty()) {
      command.addAll(List.of("--entrypoint", entrypoint.get(0)));
    }
    command.add(podmanImage);
    command.addAll(entrypoint.isEmpty() ? List.of() : entrypoint.subList(1, entrypoint.size()));
    command.addAll(args);
    return command;
  }

  // --- chroot ---

  private List<String> chrootRun(List<Mount> mounts, List<String> entrypoint, List<String> args)
      throws IOException, InterruptedException {
    Path rootfs = unpack();
    JsonNode config = imageConfig().path("config");
    StringBuilder script = new StringBuilder("set -e; R=\"$1\"; shift\n")
        .append("mount --bind \"$R\" \"$R\"\n")
        .append("mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\"\n")
        .append("mount -t proc proc \"$R/proc\"\n")
        .append("mount --rbind /dev \"$R/dev\"\n");
    for (Mount m : mounts) {
      Files.createDirectories(rootfs.resolve(m.container().substring(1)));
      script.append("mount --bind '").append(m.host()).append("' \"$R").append(m.container()).append("\"\n");
      if (m.readOnly()) script.append("mount -o remount,bind,ro \"$R").append(m.container()).append("\"\n");
    }
    script.append("mount -o remount,bind,ro \"$R\"\n")
        .append("exec chroot --userspec=").append(config.path("User").asText("65532:65532"))
        .append(" \"$R\" /usr/bin/env -i");
    for (JsonNode env : config.path("Env")) script.append(" '").append(env.asText()).append('\'');
    script.append(" /bin/sh -c 'cd \"$0\" && exec \"$@\"' '")
        .append(config.path("WorkingDir").asText("/")).append("'");
    List<String> start = new ArrayList<>(entrypoint);
    if (start.isEmpty()) config.path("Entrypoint").forEach(part -> start.add(part.asText()));
    for (String part : start) script.append(" '").append(part).append('\'');
    script.append(" \"$@\"\n");
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--fork",
        "sh", "-c", script.toString(), "sh", rootfs.toString()));
    command.addAll(args);
    return command;
  }

  /** Extracts the image tarball, then its layers in order into one root file system. */
  private Path unpack() throws IOException, InterruptedException {
    Path image = Files.createDirectories(unpackDir.resolve("image"));
    check(exec(List.of("tar", "-xf", imageTar.toString(), "-C", image.toString()), null), "unpack the image");
    Path rootfs = Files.createDirectories(unpackDir.resolve("rootfs"));
    for (JsonNode layer : manifest().path("Layers")) {
      check(exec(List.of("tar", "-xf", image.resolve(layer.asText()).toString(), "-C", rootfs.toString()), null),
          "unpack layer " + layer.asText());
    }
    return rootfs;
  }

  private JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(unpackDir.resolve("image/manifest.json").toFile()).get(0);
  }

  private JsonNode imageConfig() throws IOException {
    return new ObjectMapper().readTree(unpackDir.resolve("image").resolve(manifest().path("Config").asText())
        .toFile());
  }

  // --- processes ---

  private static boolean onPath(String tool) throws IOException, InterruptedException {
    return exec(List.of("sh", "-c", "command -v " + tool), null).exitCode() == 0;
  }

  private static void check(Result result, String what) {
    if (result.exitCode() != 0) throw new IllegalStateException("could not " + what + ":\n" + result.output());
  }

  /** Runs a command to its end (bounded), output and errors together, copied to {@code log} when given. */
  private static Result exec(List<String> command, Path log) throws IOException, InterruptedException {
    Path out = log != null ? log : Files.createTempFile("image-runner", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Result(-1, "timed out after " + RUN_TIMEOUT_SECONDS + " s: " + command + "\n"
          + Files.readString(out, StandardCharsets.UTF_8));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    if (log == null) Files.deleteIfExists(out);
    return new Result(process.exitValue(), output);
  }
}
