package io.inferenceperf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report folder through a log: printed, read back among other lines, unpacked, and refused when unsafe. */
class ResultsBundleTest {
  @TempDir Path dir;

  @Test
  void survivesLinesOfStderrInterleavedIntoTheBundle() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("reports-1"));
    byte[] data = new byte[20_000];
    new java.util.Random(5).nextBytes(data); // incompressible: many base64 lines
    Files.write(folder.resolve("results.jsonl.gz"), data);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ResultsBundle.print(folder, new PrintStream(log, true, StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>(log.toString(StandardCharsets.UTF_8).lines().toList());
    assertTrue(lines.size() > 4, "several base64 lines");
    lines.add(2, "12:00:01 [main] INFO shutting down");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ResultsBundle.Reader reader = new ResultsBundle.Reader(console);
    for (String line : lines) reader.line(line);
    assertEquals("12:00:01 [main] INFO shutting down\n", console.toString(StandardCharsets.UTF_8));
    Path back = reader.bundles().get(0).unpack(dir.resolve("local"));
    assertEquals(dir.resolve("local/reports-1"), back);
    assertArrayEquals(data, Files.readAllBytes(back.resolve("results.jsonl.gz")));
  }

  @Test
  void aCutLogAndAnEntryOutsideTheFolderAreRefused() throws Exception {
    ResultsBundle.Reader reader = new ResultsBundle.Reader(new ByteArrayOutputStream());
    reader.line(ResultsBundle.BEGIN + "reports-1 10 bytes -----");
    reader.line("UEsDBA==");
    assertTrue(reader.cutShort());

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      out.putNextEntry(new ZipEntry("../../escape.txt"));
      out.write(1);
      out.closeEntry();
    }
    ResultsBundle.Bundle evil = new ResultsBundle.Bundle("reports-1",
        Base64.getEncoder().encodeToString(zip.toByteArray()));
    IOException e = assertThrows(IOException.class, () -> evil.unpack(dir.resolve("local")));
    assertTrue(e.getMessage().contains("outside its folder"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("escape.txt")));
  }
}
