package io.inferenceperf.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A report folder carried through a pod's log, so that {@code k8s job --apply} brings the results back after the pod
 * ended, with no {@code sleep infinity} and no {@code kubectl cp}: the pod prints a zip of the folder in base64
 * between two marker lines; the command reads the log, decodes the lines between the markers and unpacks them.
 * Base64 lines are short, so log pipelines that split long lines keep them whole.
 */
public final class ResultsBundle {
  public static final String BEGIN = "----- inference-perf results bundle begin: ";
  public static final String END = "----- inference-perf results bundle end -----";
  private static final int LINE_CHARS = 76 * 16;
  private static final java.util.regex.Pattern BASE64_LINE = java.util.regex.Pattern.compile("[A-Za-z0-9+/=]+");

  private ResultsBundle() {}

  /** Prints {@code folder} (its files, recursively) as a bundle named after the folder. */
  public static void print(Path folder, PrintStream out) throws IOException {
    byte[] zip = zip(folder);
    String encoded = Base64.getEncoder().encodeToString(zip);
    StringBuilder text = new StringBuilder(encoded.length() + encoded.length() / LINE_CHARS * 2 + 200);
    text.append(BEGIN).append(folder.getFileName()).append(' ').append(zip.length).append(" bytes -----\n");
    for (int i = 0; i < encoded.length(); i += LINE_CHARS) {
      text.append(encoded, i, Math.min(encoded.length(), i + LINE_CHARS)).append('\n');
    }
    text.append(END).append('\n');
    out.print(text);
    out.flush();
  }

  static byte[] zip(Path folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Collects bundles from log lines; every other line is passed on. */
  public static final class Reader {
    private final OutputStream passOn;
    private final List<Bundle> bundles = new ArrayList<>();
    private String name;
    private StringBuilder body;

    public Reader(OutputStream passOn) {
      this.passOn = passOn;
    }

    public void line(String line) throws IOException {
      if (body == null && line.startsWith(BEGIN)) {
        String rest = line.substring(BEGIN.length());
        name = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
        body = new StringBuilder();
      } else if (body != null && line.equals(END)) {
        bundles.add(new Bundle(name, body.toString()));
        body = null;
      } else if (body != null && BASE64_LINE.matcher(line.strip()).matches()) {
        body.append(line.strip());
      } else {
        // includes lines of stderr that a container log interleaves into the bundle
        passOn.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    /** True when a bundle began and its end never came (the log was cut). */
    public boolean cutShort() {
      return body != null;
    }

    public List<Bundle> bundles() {
      return List.copyOf(bundles);
    }
  }

  /** One bundle as read from a log: the report folder's name and its zip in base64. */
  public record Bundle(String folderName, String base64) {

    /** Unpacks into {@code target}/folderName; returns that folder. Entries may not leave it. */
    public Path unpack(Path target) throws IOException {
      String safeName = Path.of(folderName).getFileName().toString();
      Path folder = target.resolve(safeName).normalize();
      Files.createDirectories(folder);
      byte[] zip;
      try {
        zip = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new IOException("the results bundle in the log is damaged (" + e.getMessage() + ")");
      }
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          Path file = folder.resolve(entry.getName()).normalize();
          if (!file.startsWith(folder)) throw new IOException("the results bundle names a file outside its folder");
          if (entry.isDirectory()) continue;
          Files.createDirectories(file.getParent());
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return folder;
    }
  }
}
