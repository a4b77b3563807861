package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The ordinary ids of a tokenizer.json (the vocabulary minus every added token, special or not: what random text may
 * be made of), read in one streaming pass. A tree of the whole file (hundreds of thousands of vocabulary entries and
 * merges) took several times as long; the pass still reads every byte, so a file that is cut short or not JSON fails
 * here with the parser's location, as a tree would.
 */
final class OrdinaryIds {
  private static final JsonFactory JSON = new JsonFactory();

  private OrdinaryIds() {}

  /** The sorted ordinary ids of {@code tokenizerJson}; none when it has no vocabulary. */
  static int[] read(byte[] tokenizerJson) throws IOException {
    Set<Integer> added = new HashSet<>();
    IntList vocabulary = new IntList(1 << 16);
    try (JsonParser parser = JSON.createParser(tokenizerJson)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        parser.skipChildren();
        return new int[0];
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
          readAddedIds(parser, added);
        } else if (field.equals("model") && value == JsonToken.START_OBJECT) {
          readVocabulary(parser, vocabulary);
        } else {
          parser.skipChildren();
        }
      }
    }
    int[] ordinary = Arrays.stream(vocabulary.toArray()).filter(id -> !added.contains(id)).toArray();
    Arrays.sort(ordinary);
    return ordinary;
  }

  /** The id of every entry of added_tokens (an entry without one counts as 0, as a tree's asInt() would). */
  private static void readAddedIds(JsonParser parser, Set<Integer> added) throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int id = 0;
      if (parser.currentToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          if (field.equals("id")) id = parser.getValueAsInt(0);
          parser.skipChildren();
        }
      } else {
        parser.skipChildren();
      }
      added.add(id);
    }
  }

  /**
   * model.vocab: an object of piece to id (BPE, WordPiece) or a list of [piece, score] whose ids are the positions
   * (Unigram); the parser is left at the end of model.
   */
  private static void readVocabulary(JsonParser parser, IntList vocabulary) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!field.equals("vocab")) {
        parser.skipChildren();
      } else if (value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          parser.nextToken();
          vocabulary.add(parser.getValueAsInt(0));
          parser.skipChildren();
        }
      } else if (value == JsonToken.START_ARRAY) {
        for (int position = 0; parser.nextToken() != JsonToken.END_ARRAY; position++) {
          vocabulary.add(position);
          parser.skipChildren();
        }
      }
    }
  }
}
