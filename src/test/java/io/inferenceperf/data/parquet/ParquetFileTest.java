package io.inferenceperf.data.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against apache/parquet-testing's files (src/test/resources/parquet/apache), whose contents are
 * documented there: every value of the small files, the CSV companions of the DELTA files, and the errors of files
 * that are not, or no longer, Parquet.
 */
class ParquetFileTest {

  private static final Path APACHE = Path.of("src/test/resources/parquet/apache");
  private static final Set<String> ALL = Set.of();

  @TempDir Path temp;

  static List<Map<String, Object>> readAll(Path file, Set<String> columns) throws IOException {
    try (ParquetFile parquet = ParquetFile.open(file)) {
      ParquetFile.Rows rows = parquet.rows(columns);
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> row = rows.next(); row != null; row = rows.next()) out.add(row);
      return out;
    }
  }

  private static List<Object> column(List<Map<String, Object>> rows, String name) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> row : rows) out.add(row.get(name));
    return out;
  }

  private static List<String> text(List<Object> bytes) {
    return bytes.stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
  }

  private static final Set<String> ALLTYPES = Set.of("id", "bool_col", "tinyint_col", "smallint_col", "int_col",
      "bigint_col", "float_col", "double_col", "date_string_col", "string_col");

  @Test
  void plainUncompressedFileHasImpalasEightRows() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("alltypes_plain.parquet"), ALLTYPES);
    assertEquals(List.of(4, 5, 6, 7, 2, 3, 0, 1), column(rows, "id"));
    assertEquals(List.of(true, false, true, false, true, false, true, false), column(rows, "bool_col"));
    assertEquals(List.of(0L, 10L, 0L, 10L, 0L, 10L, 0L, 10L), column(rows, "bigint_col"));
    assertEquals(List.of(0f, 1.1f, 0f, 1.1f, 0f, 1.1f, 0f, 1.1f), column(rows, "float_col"));
    assertEquals(List.of(0.0, 10.1, 0.0, 10.1, 0.0, 10.1, 0.0, 10.1), column(rows, "double_col"));
    assertEquals(List.of("03/01/09", "03/01/09", "04/01/09", "04/01/09", "02/01/09", "02/01/09", "01/01/09",
        "01/01/09"), text(column(rows, "date_string_col")));
    assertEquals(List.of("0", "1", "0", "1", "0", "1", "0", "1"), text(column(rows, "string_col")));
    assertEquals(List.copyOf(ALLTYPES).stream().sorted().toList(),
        rows.get(0).keySet().stream().sorted().toList(), "only the columns asked for");
  }

  @Test
  void snappyAndDictionaryFilesHaveTheirTwoRows() throws IOException {
    List<Map<String, Object>> snappy = readAll(APACHE.resolve("alltypes_plain.snappy.parquet"), ALLTYPES);
    assertEquals(List.of(6, 7), column(snappy, "id"));
    assertEquals(List.of("04/01/09", "04/01/09"), text(column(snappy, "date_string_col")));
    List<Map<String, Object>> dictionary = readAll(APACHE.resolve("alltypes_dictionary.parquet"), ALLTYPES);
    assertEquals(List.of(0, 1), column(dictionary, "id"));
    assertEquals(List.of(0L, 10L), column(dictionary, "bigint_col"));
    assertEquals(List.of("01/01/09", "01/01/09"), text(column(dictionary, "date_string_col")));
  }

  @Test
  void int96ColumnIsAClearErrorOnlyWhenAskedFor() throws IOException {
    ParquetException e = assertThrows(ParquetException.class,
        () -> readAll(APACHE.resolve("alltypes_plain.parquet"), Set.of("id", "timestamp_col")));
    assertTrue(e.getMessage().contains("alltypes_plain.parquet") && e.getMessage().contains("timestamp_col")
        && e.getMessage().contains("INT96"), e.getMessage());
  }

  @Test
  void nestedListsOfListsOfStringsWithNulls() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("nested_lists.snappy.parquet"), ALL);
    assertEquals(List.of(
        List.of(List.of(List.of("a", "b"), List.of("c")), Arrays.asList(null, List.of("d"))),
        List.of(List.of(List.of("a", "b"), List.of("c", "d")), Arrays.asList(null, List.of("e"))),
        List.of(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")), Arrays.asList(null, List.of("f")))),
        column(rows, "a"));
    assertEquals(List.of(1, 1, 1), column(rows, "b"));
  }

  @Test
  void listsWithNullElementsAndNullLists() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("list_columns.parquet"), ALL);
    assertEquals(Arrays.asList(List.of(1L, 2L, 3L), Arrays.asList(null, 1L), List.of(4L)), column(rows, "int64_list"));
    assertEquals(Arrays.asList(List.of("abc", "efg", "hij"), null, Arrays.asList("efg", null, "hij", "xyz")),
        column(rows, "utf8_list"));
    assertEquals(List.of(List.of()), column(readAll(APACHE.resolve("null_list.parquet"), ALL), "emptylist"));
    assertEquals(List.of(List.of(List.of(1, 2), List.of(3, 4))),
        column(readAll(APACHE.resolve("old_list_structure.parquet"), ALL), "a"), "two-level lists");
  }

  @Test
  void mapsOfMaps() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("nested_maps.snappy.parquet"), ALL);
    assertEquals(6, rows.size());
    assertEquals(Map.of("a", Map.of(1, true, 2, false)), rows.get(0).get("a"));
    assertEquals(Map.of("b", Map.of(1, true)), rows.get(1).get("a"));
    assertTrue(((Map<?, ?>) rows.get(2).get("a")).containsKey("c"));
    assertNull(((Map<?, ?>) rows.get(2).get("a")).get("c"));
    assertEquals(Map.of("d", Map.of()), rows.get(3).get("a"));
  }

  @Test
  void dataPageV2WithSnappyAndNulls() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("datapage_v2.snappy.parquet"), ALL);
    assertEquals(Arrays.asList("abc", "abc", "abc", null, "abc"), column(rows, "a"));
    assertEquals(List.of(1, 2, 3, 4, 5), column(rows, "b"));
    assertEquals(List.of(2.0, 3.0, 4.0, 5.0, 2.0), column(rows, "c"));
    assertEquals(List.of(true, true, true, false, true), column(rows, "d"));
    assertEquals(Arrays.asList(List.of(1, 2, 3), null, null, List.of(1, 2, 3), List.of(1, 2)), column(rows, "e"));
  }

  @Test
  void gzipPageOfTwoConcatenatedMembers() throws IOException {
    List<Object> values = column(readAll(APACHE.resolve("concatenated_gzip_members.parquet"), ALL), "long_col");
    assertEquals(513, values.size());
    for (int i = 0; i < values.size(); i++) assertEquals((long) i + 1, values.get(i));
  }

  @Test
  void zstdPagesWithByteStreamSplitFloats() throws IOException {
    List<Map<String, Object>> rows = readAll(APACHE.resolve("byte_stream_split.zstd.parquet"), ALL);
    assertEquals(300, rows.size());
    // numpy's normal draws under seed 0 start 1.764052, 0.400157, 0.978738, 2.240893
    assertEquals(List.of(1.7640524f, 0.4001572f, 0.978738f, 2.2408931f),
        column(rows, "f32").subList(0, 4));
    assertTrue(rows.stream().allMatch(r -> r.get("f64") instanceof Double d && Math.abs(d) < 10));
  }

  @Test
  void rleEncodedBooleansWithNulls() throws IOException {
    List<Object> values = column(readAll(APACHE.resolve("rle_boolean_encoding.parquet"), ALL), "datatype_boolean");
    assertEquals(68, values.size());
    assertEquals(Arrays.asList(true, false, null, true), values.subList(0, 4));
  }

  @Test
  void deltaEncodedColumnsMatchTheirCsv() throws IOException {
    for (String name : List.of("delta_encoding_optional_column", "delta_byte_array")) {
      List<Map<String, Object>> rows = readAll(APACHE.resolve(name + ".parquet"), ALL);
      List<String> lines = Files.readAllLines(APACHE.resolve(name + "_expect.csv"));
      assertEquals(lines.size() - 1, rows.size(), name);
      for (int r = 0; r < rows.size(); r++) {
        List<String> expected = csv(lines.get(r + 1));
        List<Object> actual = new ArrayList<>(rows.get(r).values());
        assertEquals(expected.size(), actual.size(), name + " row " + r);
        for (int c = 0; c < expected.size(); c++) {
          String want = expected.get(c);
          Object got = actual.get(c);
          assertEquals(want, got == null ? null : got.toString(), name + " row " + r + " column " + c);
        }
      }
    }
  }

  /** One line of the companions' CSV: quoted fields (which may hold commas), an empty unquoted field is null. */
  private static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i <= line.length()) {
      if (i < line.length() && line.charAt(i) == '"') {
        int close = line.indexOf('"', i + 1);
        out.add(line.substring(i + 1, close));
        i = close + 2;
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? line.length() : comma;
        out.add(end == i ? null : line.substring(i, end));
        i = end + 1;
      }
    }
    return out;
  }

  @Test
  void notParquetEmptyAndCutShortFilesAreClearErrors() throws IOException {
    Path text = Files.writeString(temp.resolve("rows.parquet"), "{\"conversation\": []}\n");
    assertMessage(text, "is not a Parquet file: it does not start with PAR1");
    Path empty = Files.write(temp.resolve("empty.parquet"), new byte[0]);
    assertMessage(empty, "is not a Parquet file: it has 0 bytes");
    byte[] whole = Files.readAllBytes(APACHE.resolve("alltypes_plain.parquet"));
    Path cut = Files.write(temp.resolve("cut.parquet"), Arrays.copyOf(whole, whole.length / 2));
    assertMessage(cut, "does not end with PAR1 (cut short?)");
    assertMessage(temp.resolve("missing.parquet"), "does not exist");
  }

  @Test
  void damagedBytesAreAnErrorNamingTheFileNeverACrash() throws IOException {
    byte[] whole = Files.readAllBytes(APACHE.resolve("nested_lists.snappy.parquet"));
    int failures = 0;
    // Overwrite each stretch of 16 bytes in turn: every outcome is rows or a ParquetException naming the file.
    for (int at = 4; at < whole.length - 8; at += 16) {
      byte[] damaged = whole.clone();
      for (int i = at; i < Math.min(at + 16, whole.length - 8); i++) damaged[i] = (byte) (damaged[i] * 31 + 7);
      Path file = Files.write(temp.resolve("damaged-" + at + ".parquet"), damaged);
      try {
        readAll(file, ALL);
      } catch (ParquetException e) {
        failures++;
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      }
    }
    assertTrue(failures > 0, "some damage is noticed");
  }

  private static void assertMessage(Path file, String expected) {
    ParquetException e = assertThrows(ParquetException.class, () -> readAll(file, ALL));
    assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void visionArenaShapedRowsComeBackAsWritten() throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> message = new java.util.LinkedHashMap<>();
      message.put("role", "user");
      message.put("content", "question " + i);
      Map<String, Object> image = new java.util.LinkedHashMap<>();
      image.put("bytes", new byte[] {(byte) i, 1, 2});
      image.put("path", i == 2 ? null : "image-" + i + ".png");
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("question_id", (long) i);
      row.put("conversation", i == 3 ? List.of() : List.of(List.of(message), Arrays.asList(message, null)));
      row.put("images", i == 4 ? null : List.of(image, image));
      rows.add(row);
    }
    for (boolean gzip : List.of(false, true)) {
      Path file = temp.resolve("visionarena-" + gzip + ".parquet");
      ParquetTestWriter.write(file, ParquetTestWriter.visionArenaSchema(), rows, 2, gzip);
      List<Map<String, Object>> read = readAll(file, Set.of("conversation", "images", "question_id"));
      assertEquals(rows.size(), read.size());
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(rows.get(i).get("conversation"), read.get(i).get("conversation"), "row " + i);
        assertEquals(rows.get(i).get("question_id"), read.get(i).get("question_id"));
        List<?> images = (List<?>) read.get(i).get("images");
        if (i == 4) {
          assertNull(images);
          continue;
        }
        Map<?, ?> first = (Map<?, ?>) images.get(1);
        assertArrayEquals(new byte[] {(byte) i, 1, 2}, (byte[]) first.get("bytes"));
        assertEquals(i == 2 ? null : "image-" + i + ".png", first.get("path"));
      }
    }
  }

  @Test
  void snappyCopiesOverlapTheirOwnOutput() {
    // "ab" then a copy of 6 bytes from 2 back: "abababab".
    byte[] block = {8, 1 << 2, 'a', 'b', (byte) ((6 - 1) << 2 | 2), 2, 0};
    assertArrayEquals("abababab".getBytes(StandardCharsets.US_ASCII), Snappy.decompress(block, 0, block.length, 8));
  }
}
