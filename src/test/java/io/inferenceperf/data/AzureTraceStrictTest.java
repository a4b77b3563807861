package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load.trace's strict reading: every row counts, and a bad one names its file, line and column. */
class AzureTraceStrictTest {

  @TempDir Path folder;

  private Path write(String text) throws IOException {
    Path file = folder.resolve("trace.csv");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsEveryRowRelativeToTheFirstWithTheHeaderSkipped() throws Exception {
    Path file = write("""
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44

        2023-11-16T18:15:46.999Z,10,5
        2023-11-16 18:15:48.68,1,2
        2023-11-16 18:15:48.689,7,0
        """);
    List<AzureTrace.Row> rows = AzureTrace.readStrict(file);
    assertEquals(4, rows.size());
    assertEquals(new AzureTrace.Row(0, 374, 44), rows.get(0));
    assertEquals(0.31, rows.get(1).offsetSeconds(), 1e-9, "fractions are truncated to 2 digits, not rounded");
    assertEquals(2.0, rows.get(2).offsetSeconds(), 1e-9);
    assertEquals(2.0, rows.get(3).offsetSeconds(), 1e-9, "equal times are allowed");
    assertEquals(0, rows.get(3).generatedTokens());
  }

  @Test
  void aFileWithoutHeaderStartsAtItsFirstRow() throws Exception {
    List<AzureTrace.Row> rows = AzureTrace.readStrict(write("2024-01-01 00:00:10,5,6\n2024-01-01 00:01:10,5,6\n"));
    assertEquals(List.of(new AzureTrace.Row(0, 5, 6), new AzureTrace.Row(60, 5, 6)), rows);
  }

  @Test
  void aByteOrderMarkDoesNotHideTheFirstRow() throws Exception {
    List<AzureTrace.Row> rows = AzureTrace.readStrict(write("\uFEFF2024-01-01 00:00:10,5,6\n2024-01-01 00:00:11,5,6\n"));
    assertEquals(2, rows.size());
  }

  @Test
  void aBadTimestampNamesLineAndColumn() throws Exception {
    Path file = write("TIMESTAMP,ContextTokens,GeneratedTokens\n2024-01-01 00:00:10,5,6\nyesterday,5,6\n");
    String message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(file)).getMessage();
    assertEquals(file + " line 3, column 1 (TIMESTAMP): 'yesterday' is not a timestamp like 2023-11-16"
        + " 18:15:46.6805900 (UTC)", message);
  }

  @Test
  void aBadTokenCountNamesItsColumn() throws Exception {
    Path file = write("2024-01-01 00:00:10,5,6\n2024-01-01 00:00:11,5,-3\n");
    String message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(file)).getMessage();
    assertTrue(message.startsWith(file + " line 2, column 3 (GeneratedTokens): '-3' is not a token count"), message);
    Path other = write("2024-01-01 00:00:10,five,6\n");
    message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(other)).getMessage();
    assertTrue(message.startsWith(other + " line 1, column 2 (ContextTokens): 'five'"), message);
  }

  @Test
  void aShortLineNamesTheMissingColumn() throws Exception {
    Path file = write("2024-01-01 00:00:10,5\n");
    String message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(file)).getMessage();
    assertTrue(message.startsWith(file + " line 1, column 3 (GeneratedTokens): missing"), message);
  }

  @Test
  void rowsOutOfTimeOrderAreRefused() throws Exception {
    Path file = write("2024-01-01 00:00:10,5,6\n2024-01-01 00:00:09,5,6\n");
    String message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(file)).getMessage();
    assertTrue(message.startsWith(file + " line 2, column 1 (TIMESTAMP): '2024-01-01 00:00:09' is earlier than the"
        + " row before it"), message);
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    Path file = write("TIMESTAMP,ContextTokens,GeneratedTokens\n\n");
    String message = assertThrows(AzureTrace.BadTraceException.class, () -> AzureTrace.readStrict(file)).getMessage();
    assertTrue(message.startsWith(file + ": no rows"), message);
  }
}
