package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * One non-blocking parser fed each event's payload in turn as a new root-level value: unlike a parser per payload,
 * this allocates nothing per event. Replaced after malformed input, whose leftover state it could carry. Not
 * thread-safe: the decoders keep one per thread.
 */
final class ReusableObjectParser {

  /** Reads the object whose START_OBJECT was just read, up to and including its END_OBJECT. */
  @FunctionalInterface
  interface ObjectReader {
    void read(JsonParser p, DecodedChunk out) throws IOException;
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final ObjectReader reader;
  private JsonParser parser;
  /** Bytes fed to {@link #parser} before this payload: its locations count from its first byte. */
  private long fedBytes;

  ReusableObjectParser(ObjectReader reader) {
    this.reader = reader;
  }

  /**
   * Decodes one JSON object from {@code bytes[offset, offset+length)} into {@code out} (which the caller reset).
   *
   * @throws IOException when the bytes are not one complete, well-formed JSON object
   */
  void decode(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    if (parser == null) {
      parser = JSON.createNonBlockingByteArrayParser();
      fedBytes = 0;
    }
    JsonParser p = parser;
    try {
      ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(bytes, offset, offset + length);
      if (JsonTokens.next(p) != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "expected a JSON object");
      }
      reader.read(p, out);
      // Only whitespace may follow: a trailing partial token ("ab, 12) would otherwise stay in the parser and
      // run into the next payload.
      int objectEnd = offset + (int) (p.currentLocation().getByteOffset() - fedBytes);
      if (!p.getParsingContext().inRoot() || !onlyWhitespace(bytes, objectEnd, offset + length)
          || p.nextToken() != JsonToken.NOT_AVAILABLE) {
        throw new JsonParseException(p, "unexpected content after the JSON object");
      }
      fedBytes += length;
    } catch (IOException | RuntimeException malformed) {
      parser = null;
      p.close();
      throw malformed instanceof IOException io ? io : new JsonParseException(p, malformed.toString());
    }
  }

  private static boolean onlyWhitespace(byte[] bytes, int from, int to) {
    if (from < 0 || from > to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
