package io.inferenceperf.tokenizer;

/** Cuts text into the pieces of {@link ApproximateTokenizer}'s rule. Pure and allocation-free. */
final class ApproximateSplitter {

  /** Receives each piece as a [start, end) range of char indexes. */
  @FunctionalInterface
  interface PieceSink {
    void piece(int start, int end);
  }

  private ApproximateSplitter() {}

  static void split(String text, PieceSink sink) {
    int length = text.length();
    int position = 0;
    while (position < length) {
      int start = position;
      if (isAttachingSpace(text, position)) {
        position++;
      } else if (Character.isWhitespace(text.charAt(position))) {
        position = endOfWhitespace(text, position);
        sink.piece(start, position);
        continue;
      }
      position = endOfPiece(text, position);
      sink.piece(start, position);
    }
  }

  /** A plain space followed by a non-whitespace character starts that character's piece. */
  private static boolean isAttachingSpace(String text, int position) {
    return text.charAt(position) == ' '
        && position + 1 < text.length()
        && !Character.isWhitespace(text.charAt(position + 1));
  }

  private static int endOfWhitespace(String text, int position) {
    int end = position;
    while (end < text.length() && Character.isWhitespace(text.charAt(end)) && !isAttachingSpace(text, end)) {
      end++;
    }
    return end;
  }

  /** The end of the piece starting at {@code position}, which holds a non-whitespace character. */
  private static int endOfPiece(String text, int position) {
    int codePoint = text.codePointAt(position);
    if (Character.isLetter(codePoint)) {
      return endOfRun(text, position, ApproximateTokenizer.MAX_LETTERS, true);
    }
    if (Character.isDigit(codePoint)) {
      return endOfRun(text, position, ApproximateTokenizer.MAX_DIGITS, false);
    }
    return position + Character.charCount(codePoint);
  }

  private static int endOfRun(String text, int position, int maxCodePoints, boolean letters) {
    int end = position;
    int taken = 0;
    while (end < text.length() && taken < maxCodePoints) {
      int codePoint = text.codePointAt(end);
      boolean matches = letters ? Character.isLetter(codePoint) : Character.isDigit(codePoint);
      if (!matches) {
        break;
      }
      end += Character.charCount(codePoint);
      taken++;
    }
    return end;
  }
}
