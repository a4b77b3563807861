package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tool runs on a Java 21 JVM. Every class of the main sources has class-file version 65 (Java 21) except those
 * compiled from {@code src/main/java22} (66: they call C through the FFM API, final in Java 22), and no Java 21 class
 * names one of them, so a Java 21 JVM never loads one ({@link NativeIos} picks them by name and version). No Java 21
 * JVM is installed on these machines: the class files are what one would read.
 */
class Java21CompatibilityTest {
  private static final int JAVA_21 = 65;
  private static final int JAVA_22 = 66;
  private static final Path CLASSES = Path.of("target/classes");
  private static final Path JAVA22_SOURCES = Path.of("src/main/java22");

  @Test
  void onlyTheFfmSourcesAreAboveJava21AndNothingElseNamesThem() throws IOException {
    Map<String, byte[]> classes = classFiles();
    assertTrue(classes.size() > 500, "the main classes: " + classes.size());
    TreeSet<String> ffmTopLevel = java22TopLevelClasses();
    assertTrue(ffmTopLevel.contains("io/inferenceperf/transport/KernelLoop"), ffmTopLevel.toString());

    List<String> problems = new ArrayList<>();
    List<String> ffmClasses = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      String name = entry.getKey();
      int major = major(entry.getValue());
      boolean fromJava22 = ffmTopLevel.contains(name.split("\\$", 2)[0]);
      if (fromJava22) {
        ffmClasses.add(name);
        if (major != JAVA_22) problems.add(name + " is version " + major + ", not 66");
      } else if (major > JAVA_21) {
        problems.add(name + " is version " + major + ": a Java 21 JVM refuses it");
      }
    }
    Pattern ffmName = Pattern.compile(
        "(" + String.join("|", ffmTopLevel.stream().map(Pattern::quote).toList()) + ")(?![A-Za-z0-9_])");
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      if (major(entry.getValue()) > JAVA_21) continue;
      for (String text : utf8Constants(entry.getValue())) {
        if (ffmName.matcher(text).find()) problems.add(entry.getKey() + " names a Java 22 class: " + text);
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(ffmClasses.size() >= ffmTopLevel.size(), ffmClasses.toString());
  }

  @Test
  void aJava21JvmGetsNettysTransportWithTheReason() {
    NativeIo missing = NativeIos.forJava(21);
    String reason = missing.kernelTransportUnavailable(ServerAddress.parse("http://127.0.0.1:8000"));
    assertTrue(reason.contains("Java 21") && reason.contains("Java 22 or later"), reason);
    String realtime = missing.makeCurrentThreadRealtime(IoPriority.FIFO_PRIORITY);
    assertTrue(realtime.startsWith("real-time I/O threads are unavailable") && realtime.contains("Java 21"), realtime);
    assertThrows(IllegalStateException.class, () -> missing.openKernelTransport(TransportOptions.of("http://x")));
  }

  @Test
  void fromJava22TheFfmPartIsLoaded() {
    NativeIo ffm = NativeIos.forJava(22);
    assertEquals(NativeIos.FFM_IMPLEMENTATION, ffm.getClass().getName());
    assertEquals(ffm.getClass(), NativeIos.current().getClass(), "this JVM is " + Runtime.version());
    assertNull(ffm.kernelTransportUnavailable(ServerAddress.parse("http://127.0.0.1:8000")),
        "Linux, plain HTTP: kernel timestamps");
  }

  private static Map<String, byte[]> classFiles() throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = CLASSES.relativize(file).toString().replace('\\', '/');
        classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
      }
    }
    return classes;
  }

  private static TreeSet<String> java22TopLevelClasses() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(JAVA22_SOURCES)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        String name = JAVA22_SOURCES.relativize(f).toString().replace('\\', '/');
        names.add(name.substring(0, name.length() - ".java".length()));
      });
    }
    return names;
  }

  private static int major(byte[] classFile) {
    return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
  }

  /** Every CONSTANT_Utf8 of a class file: class names, descriptors and signatures are among them. */
  static List<String> utf8Constants(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.skipNBytes(8); // magic, minor, major
    int count = in.readUnsignedShort();
    List<String> texts = new ArrayList<>();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> texts.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          index++; // a long or a double takes two entries
        }
        default -> throw new IOException("constant pool tag " + tag + " at entry " + index);
      }
    }
    return texts;
  }
}
