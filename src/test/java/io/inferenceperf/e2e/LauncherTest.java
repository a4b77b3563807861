package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 point 1: the launcher finds a JDK 21+ even when JAVA_HOME points at an older one, builds the jar only when
 * it is missing or older than the sources, and the README's two set-up commands are the ones CI runs. The launcher
 * runs from a copy in a temporary folder with a stand-in {@code mvn} on the PATH that only records that it was
 * called (a real nested Maven build would take minutes); the JDK search runs for real.
 */
class LauncherTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  private static String bash(Path dir, Map<String, String> env, String script) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return output + "\nexit=" + process.exitValue();
  }

  /** A folder that looks like a JDK 17: bin/java reports specification version 17. */
  private static Path fakeOldJdk(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("old-jdk/bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.resolve("old-jdk");
  }

  private static String javaHomeBinOnPath() {
    return Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
  }

  @Test
  void findJavaSkipsAnOldJavaHomeForAJdk21OrNewer(@TempDir Path dir) throws Exception {
    Path old = fakeOldJdk(dir);
    String out = bash(ROOT, Map.of("JAVA_HOME", old.toString(), "PATH", javaHomeBinOnPath()),
        ". scripts/find-java.sh && echo \"chosen=$JAVA_HOME\" && java_major \"$JAVA_HOME/bin/java\"");
    assertTrue(out.contains("exit=0"), out);
    Matcher chosen = Pattern.compile("chosen=(\\S+)\\n(\\d+)").matcher(out);
    assertTrue(chosen.find(), out);
    assertFalse(chosen.group(1).equals(old.toString()), out);
    assertTrue(Integer.parseInt(chosen.group(2)) >= 21, out);
  }

  @Test
  void launcherBuildsOnlyWhenTheJarIsMissingOrOlderThanTheSources(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("repo"));
    Files.copy(ROOT.resolve("inference-perf"), root.resolve("inference-perf"));
    Files.createDirectories(root.resolve("scripts"));
    Files.copy(ROOT.resolve("scripts/find-java.sh"), root.resolve("scripts/find-java.sh"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Path source = Files.createDirectories(root.resolve("src/main/java")).resolve("A.java");
    Files.writeString(source, "class A {}");
    Path fakeBin = Files.createDirectories(dir.resolve("bin"));
    Path mvn = fakeBin.resolve("mvn");
    Path calls = dir.resolve("mvn-calls.txt");
    Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\nexit 1\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("PATH", fakeBin + ":" + javaHomeBinOnPath(),
        "JAVA_HOME", System.getProperty("java.home"));

    // No jar: it builds (the stand-in build fails, and the launcher says where the log is).
    String out = bash(root, env, "./inference-perf --help");
    assertTrue(out.contains("building") && out.contains("build failed") && out.contains("exit=1"), out);
    assertTrue(Files.readString(calls).contains("package"), "mvn ... package was run");

    // A jar newer than every source: no build, the jar is run (this one is not a real jar, so java complains).
    Path jar = Files.createDirectories(root.resolve("target")).resolve("inference-perf.jar");
    Files.writeString(jar, "not a jar");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));
    Files.delete(calls);
    out = bash(root, env, "./inference-perf --help");
    assertFalse(Files.exists(calls), "no build when the jar is up to date: " + out);
    assertTrue(out.toLowerCase(java.util.Locale.ROOT).contains("jar"), out);

    // A source newer than the jar: it builds again.
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    out = bash(root, env, "./inference-perf --help");
    assertTrue(Files.exists(calls), "rebuilt after a source changed: " + out);
  }

  @Test
  void readmeShowsTwoSetUpCommandsAndCiRunsTheTestOne() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher block = Pattern.compile("## Quick start.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "README has a Quick start code block");
    List<String> commands = block.group(1).lines().map(l -> l.replaceAll("#.*", "").strip())
        .filter(l -> !l.isEmpty()).toList();
    assertEquals(2, commands.size(), commands.toString());
    assertTrue(commands.get(0).startsWith("./inference-perf ") && commands.get(0).contains("examples/quickstart.yml"),
        commands.toString());
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertTrue(ci.lines().anyMatch(l -> l.strip().equals("exec " + commands.get(1))), ci);
    assertTrue(Files.isExecutable(ROOT.resolve(commands.get(1))), commands.get(1));
    assertTrue(Files.isExecutable(ROOT.resolve("inference-perf")));
  }

  @Test
  void helpListsTheFlagsTheSubcommandAndTheConfigKeys() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, code);
    String help = out.toString(StandardCharsets.UTF_8);
    for (String expected : List.of("--config_file", "--log-level", "--dry-run", "simulate", "Exit status",
        "load.stages", "api.headers", "server.api_key", "storage.local_storage.report_file_prefix")) {
      assertTrue(help.contains(expected), "--help lacks " + expected);
    }
  }
}
