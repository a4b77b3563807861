package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.DataExtensions;
import io.inferenceperf.tokenizer.SimulatorTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files that cannot be used as they are: each is one problem naming the key, the file, where in it (line or
 * record), what was expected and the fix, never an exception (the command line turns problems into exit code 2).
 */
class DataFileProblemsTest {
  @TempDir Path dir;

  private static final String SHAREGPT_RECORD = """
      {"id": "r%d", "conversations": [{"from": "human", "value": "tell me about rivers number %d"},
       {"from": "gpt", "value": "rivers flow to the sea and carry water"}]}""";

  private static String problem(DataType type, Path path) {
    return problem(new DataConfig(type, path.toString(), null, null, null, false), DataExtensions.NONE);
  }

  private static String problem(DataConfig data, DataExtensions extensions) {
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, data, 1),
        SimulatorTokenizer.instance(), extensions);
    DataGeneratorResult.Invalid invalid = assertInstanceOf(DataGeneratorResult.Invalid.class, result);
    return String.join("\n", invalid.problems());
  }

  private static void has(String text, String... parts) {
    for (String part : parts) assertTrue(text.contains(part), "'" + part + "' in: " + text);
    assertTrue(!text.contains("\tat ") && !text.contains("Exception"), "no stack trace, no exception name: " + text);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static String shareGptArray(int records) {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 1; i <= records; i++) json.append(SHAREGPT_RECORD.formatted(i, i)).append(i < records ? ",\n" : "\n");
    return json.append("]\n").toString();
  }

  @Test
  void theTestRecordsThemselvesAreGood() throws IOException {
    DataGeneratorResult ok = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, new DataConfig(
        DataType.SHAREGPT, write("ok.json", shareGptArray(3)).toString(), null, null, null, false), 1),
        SimulatorTokenizer.instance(), DataExtensions.NONE);
    assertInstanceOf(DataGeneratorResult.Ready.class, ok, () -> ok.toString());
  }

  @Test
  void anEmptyFileSaysItIsEmptyAndWhatWasExpected() throws IOException {
    Path empty = write("empty.json", "");
    has(problem(DataType.SHAREGPT, empty), "data.path: " + empty + " is empty; expected a .json file holding a JSON"
        + " array of records {\"conversations\": [{\"from\": \"human\", \"value\": prompt}",
        "Download it again or point data.path at the full file");
    has(problem(DataType.SHAREGPT, write("blank.json", " \n\n")), "blank.json holds only white space");
    has(problem(DataType.SHAREGPT, write("none.json", "[]")), "none.json holds no records; expected");
  }

  @Test
  void aTruncatedJsonFileNamesTheRecordItEndsInAndTheFix() throws IOException {
    String whole = shareGptArray(3);
    Path cut = write("cut.json", whole.substring(0, whole.indexOf("r3") + 10));
    has(problem(DataType.SHAREGPT, cut), "data.path: " + cut + " ends in the middle of record 3 (line 6)",
        "the file is cut short", "download it again");
    Path betweenRecords = write("between.json", whole.substring(0, whole.indexOf("{\"id\": \"r2\"")));
    has(problem(DataType.SHAREGPT, betweenRecords), betweenRecords + " ends in the middle of record 2",
        "the file is cut short");
  }

  @Test
  void aTruncatedJsonLinesFileNamesTheLine() throws IOException {
    String line = SHAREGPT_RECORD.replace("\n", "");
    Path cut = write("cut.jsonl", line.formatted(1, 1) + "\n" + line.formatted(2, 2) + "\n"
        + line.formatted(3, 3).substring(0, 40));
    has(problem(DataType.SHAREGPT, cut), cut + " ends in the middle of line 3 (record 3)", "cut short");
  }

  @Test
  void aFileInTheWrongFormatNamesTheLineAndTheExpectedFormat() throws IOException {
    Path csv = write("trace.json", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\n");
    has(problem(DataType.SHAREGPT, csv), csv + " line 1, column ", ": not JSON (Unrecognized token 'TIMESTAMP'",
        "expected a .json file holding a JSON array of records");
    Path badLine = write("bad.jsonl", SHAREGPT_RECORD.replace("\n", "").formatted(1, 1) + "\nnot json\n");
    has(problem(DataType.SHAREGPT, badLine), badLine + " line 2, column ", "not JSON");
    Path lines = write("lines.json", SHAREGPT_RECORD.replace("\n", "").formatted(1, 1) + "\n"
        + SHAREGPT_RECORD.replace("\n", "").formatted(2, 2) + "\n");
    has(problem(DataType.SHAREGPT, lines), "holds more than one JSON value at the top (line 2)", "name it .jsonl");
    has(problem(DataType.SHAREGPT, write("number.json", "42")), "holds a number at the top, not a list of records");
    Path latin1 = dir.resolve("latin1.jsonl");
    Files.write(latin1, "{\"conversations\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    has(problem(DataType.SHAREGPT, latin1), latin1 + " is not UTF-8 text (line 1)");
  }

  @Test
  void recordsWithoutTheTypesColumnsNameTheColumnsAndTheFirstRecordsKeys() throws IOException {
    Path openAi = write("messages.jsonl", """
        {"id": "a", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
        {"id": "b", "messages": [{"role": "user", "content": "yo"}, {"role": "assistant", "content": "hey"}]}
        """);
    has(problem(DataType.SHAREGPT, openAi), "data.path: none of the 2 records in " + openAi + " has the columns"
        + " data.type shareGPT reads, records {\"conversations\"", "the first, " + openAi + " line 1 (record 1) has no"
        + " \"conversations\" list (its keys: [id, messages])", "Check data.type, or convert the file");
    Path shareGpt = write("sharegpt.json", shareGptArray(2));
    has(problem(DataType.CNN_DAILYMAIL, shareGpt), "has no string \"article\" (its keys: [id, conversations])",
        "records {\"article\": prompt, \"highlights\": completion}");
    Path noHighlights = write("cnn.jsonl", "{\"article\": \"a story\", \"id\": 1}\n");
    has(problem(DataType.CNN_DAILYMAIL, noHighlights), "line 1 (record 1) has no string \"highlights\"");
    Path oneTurn = write("one-turn.json", "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}]}]");
    has(problem(DataType.SHAREGPT, oneTurn), "line 1 (record 1) has 1 turn(s); 2 are needed");
    Path humanLast = write("human-last.json", "[{\"conversations\": [{\"from\": \"gpt\", \"value\": \"a\"},"
        + " {\"from\": \"human\", \"value\": \"b\"}]}]");
    has(problem(DataType.INFINITY_INSTRUCT, humanLast), "has a last turn from \"human\", not \"gpt\"");
  }

  @Test
  void aMissingFileOrAnEmptyFolderSaysSo() throws IOException {
    Path absent = dir.resolve("absent.json");
    has(problem(DataType.SHAREGPT, absent), "data.path: " + absent + " does not exist; set data.path to a shareGPT");
    Path folder = Files.createDirectories(dir.resolve("folder"));
    write("folder/readme.txt", "x");
    has(problem(DataType.BILLSUM_CONVERSATIONS, folder), "the folder " + folder + " holds no .json or .jsonl file");
  }

  @Test
  void traceFilesThatAreEmptyCutOrMissingColumnsSayWhatWasExpected() throws IOException {
    DataConfig random = new DataConfig(DataType.RANDOM, null, null, null, null, false);
    Path empty = write("empty.csv", "");
    has(problem(random, new DataExtensions(null, empty.toString())), "data.trace.file: " + empty
        + " has no usable rows; expected CSV lines TIMESTAMP,ContextTokens,GeneratedTokens", "the file is empty");
    Path twoColumns = write("two.csv", "TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.68,374\n");
    has(problem(random, new DataExtensions(null, twoColumns.toString())), "1 skipped, the first: " + twoColumns
        + " line 2 skipped (expected TIMESTAMP,ContextTokens,GeneratedTokens): 2023-11-16 18:15:46.68,374");
    Path absent = dir.resolve("absent.csv");
    has(problem(random, new DataExtensions(null, absent.toString())), "data.trace.file: " + absent
        + " does not exist; set it to a CSV file");
    Path cutLast = write("cut.csv", "2023-11-16 18:15:46.68,374,44\n2023-11-16 18:15:47.00,12");
    List<AzureTrace.Row> rows = AzureTrace.read(cutLast, skipped -> assertTrue(skipped.contains("line 2"), skipped));
    assertEquals(1, rows.size(), "a cut last line is skipped (and said), the rest is used, as inference-perf");
  }

  @Test
  void anEmptyOrMissingCorpusFileSaysSo() throws IOException {
    Path empty = write("corpus.txt", "");
    has(problem(new DataConfig(DataType.SYNTHETIC, null, empty.toString(), TestConfigs.normal(10, 20, 15, 2),
        TestConfigs.normal(10, 20, 15, 2), false), DataExtensions.NONE), "data.corpus_file_path: " + empty
        + " is empty; point it at a text file");
    Path absent = dir.resolve("absent.txt");
    has(problem(new DataConfig(DataType.SYNTHETIC, null, absent.toString(), TestConfigs.normal(10, 20, 15, 2),
        TestConfigs.normal(10, 20, 15, 2), false), DataExtensions.NONE), "data.corpus_file_path: " + absent
        + " does not exist");
  }
}
