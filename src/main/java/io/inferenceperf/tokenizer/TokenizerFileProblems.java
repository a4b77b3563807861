package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What is wrong with a tokenizer folder that cannot be loaded, as one sentence naming the missing or bad file and
 * the fix: a folder with tokenizer_config.json but no vocabulary file, half of the vocab.json + merges.txt pair, a
 * file cut short by an interrupted download, a file that is not JSON.
 */
public final class TokenizerFileProblems {
  private static final String REDOWNLOAD = "download the model's tokenizer files again (huggingface-cli download"
      + " MODEL tokenizer.json tokenizer_config.json --local-dir FOLDER)";

  private TokenizerFileProblems() {}

  /** Why {@code directory} has no vocabulary file we can load. */
  static TokenizerLoadException missingVocabulary(Path directory) {
    boolean vocab = Files.isRegularFile(directory.resolve("vocab.json"));
    boolean merges = Files.isRegularFile(directory.resolve("merges.txt"));
    if (vocab != merges) {
      return new TokenizerLoadException(directory + " has " + (vocab ? "vocab.json" : "merges.txt") + " but not "
          + (vocab ? "merges.txt" : "vocab.json") + " (the two go together), and no tokenizer.json; " + REDOWNLOAD);
    }
    List<String> present = present(directory);
    return new TokenizerLoadException(directory + " has no tokenizer.json (nor vocab.json + merges.txt, nor"
        + " tokenizer.model), the file that holds the vocabulary" + (present.isEmpty() ? "; the folder is empty"
        : "; it has only " + String.join(", ", present)) + ". " + REDOWNLOAD.substring(0, 1).toUpperCase()
        + REDOWNLOAD.substring(1));
  }

  /** {@code file} could not be read or parsed. */
  static TokenizerLoadException unreadable(Path file, IOException e) {
    if (e instanceof JsonProcessingException json && endOfInput(json)) {
      return new TokenizerLoadException(file + " is cut short (it ends inside a JSON value at line "
          + json.getLocation().getLineNr() + "): an interrupted download or copy? " + REDOWNLOAD);
    }
    if (e instanceof JsonProcessingException json) {
      return new TokenizerLoadException(file + " is not JSON (line " + json.getLocation().getLineNr() + ", column "
          + json.getLocation().getColumnNr() + ": " + json.getOriginalMessage().lines().findFirst().orElse("")
          + "); " + REDOWNLOAD);
    }
    return new TokenizerLoadException("cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
        + e.getMessage() + "); " + READABLE);
  }

  private static final String READABLE = "make the tokenizer files readable by this user (chmod a+r), or copy them"
      + " to a folder it can read";

  /** The files of {@code directory} could not be read (permissions, I/O). */
  static TokenizerLoadException unreadableFiles(Path directory, Exception e) {
    if (!(e instanceof IOException)) {
      return new TokenizerLoadException("could not read the tokenizer files in " + directory + ": " + e.getMessage());
    }
    return new TokenizerLoadException("could not read the tokenizer files in " + directory + " ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + READABLE);
  }

  /** {@code directory} exists but cannot be listed or entered. */
  static TokenizerLoadException unreadableFolder(Path directory) {
    return new TokenizerLoadException("cannot read the folder " + directory + " (permission denied); " + READABLE
        + " (chmod a+rx on the folder)");
  }

  /** Whether the JSON ended before its values were closed (Jackson says so with either of two exceptions). */
  public static boolean endOfInput(JsonProcessingException e) {
    return e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
  }

  /** {@code file} is empty. */
  static TokenizerLoadException empty(Path file) {
    return new TokenizerLoadException(file + " is empty (0 bytes); " + REDOWNLOAD);
  }

  /** {@code file} parsed, but the tokenizer library refused it. */
  static TokenizerLoadException refused(Path file, String what, RuntimeException e) {
    String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return new TokenizerLoadException(file + " is not " + what + " (" + reason + "); " + REDOWNLOAD);
  }

  private static List<String> present(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().limit(8).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
