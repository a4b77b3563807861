package io.inferenceperf.htmlreport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Escaping and number formats shared by the page's parts; the tests format the reports' numbers the same way. */
public final class Html {
  private Html() {}

  public static String escape(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Seconds as milliseconds with 3 decimals, or an em dash when missing. */
  public static String millis(double seconds) {
    return Double.isNaN(seconds) ? "\u2014" : String.format(Locale.ROOT, "%.3f", seconds * 1000.0);
  }

  /** A rate or other real number with 2 decimals, or an em dash when missing. */
  public static String number(double value) {
    return Double.isNaN(value) ? "\u2014" : String.format(Locale.ROOT, "%.2f", value);
  }

  /** Four significant digits (server metrics span fractions to millions), or an em dash when missing. */
  public static String significant(double value) {
    return Double.isNaN(value) ? "\u2014" : String.format(Locale.ROOT, "%.4g", value);
  }

  /** JSON inside a script element: "</" can never close the element early. */
  static String scriptSafe(String json) {
    return json.replace("</", "<\\/");
  }

  /** A vendored file of this package's resources (the uPlot script and style). */
  static String resource(String name) {
    try (InputStream in = Html.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("resource " + name + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
