package io.inferenceperf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system for a test: a tmpfs of a few KiB mounted on a folder, so that writes past its size fail
 * with ENOSPC ("No space left on device") exactly as on a full disk. Mounting needs root (CAP_SYS_ADMIN), which the
 * project's machines and CI have; where it is refused the test is skipped, saying why. {@link #close()} unmounts it,
 * within a bounded time (lazily if a file is still open).
 */
final class SmallDisk implements AutoCloseable {
  private static final int COMMAND_SECONDS = 10;

  private final Path mountPoint;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code sizeBytes} (rounded up to whole pages by the kernel) on {@code mountPoint}. */
  static SmallDisk mount(Path mountPoint, long sizeBytes) throws Exception {
    Files.createDirectories(mountPoint);
    Command mount = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0777", "tmpfs",
        mountPoint.toString()));
    Assumptions.assumeTrue(mount.code() == 0, () -> "a real full disk needs a small file system mounted, and"
        + " mounting needs root (CAP_SYS_ADMIN), which this test process lacks: `mount -t tmpfs` said: "
        + mount.output().strip());
    return new SmallDisk(mountPoint);
  }

  Path path() {
    return mountPoint;
  }

  /** Unmounts; if the file system is still busy (a child's open file), detaches it lazily. Bounded in time. */
  @Override
  public void close() throws Exception {
    if (run(List.of("umount", mountPoint.toString())).code() != 0) {
      Command lazy = run(List.of("umount", "-l", mountPoint.toString()));
      if (lazy.code() != 0) {
        throw new IOException("cannot unmount the test's tmpfs " + mountPoint + ": " + lazy.output());
      }
    }
  }

  private record Command(int code, String output) {}

  private static Command run(List<String> command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Command(-1, e.getMessage());
    }
    if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Command(-1, String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s");
    }
    return new Command(process.exitValue(), new String(process.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }
}
