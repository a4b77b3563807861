package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.inferenceperf.data.ContentPart;
import java.io.IOException;
import java.util.List;

/** Writes a chat message's content parts in the OpenAI forms (text, image_url, video_url, input_audio). */
final class ContentParts {

  private ContentParts() {}

  static void write(JsonGenerator gen, List<ContentPart> parts) throws IOException {
    gen.writeStartArray();
    for (ContentPart part : parts) {
      gen.writeStartObject();
      switch (part) {
        case ContentPart.Text t -> {
          gen.writeStringField("type", "text");
          gen.writeStringField("text", t.text());
        }
        case ContentPart.ImageUrl i -> urlPart(gen, "image_url", i.url());
        case ContentPart.VideoUrl v -> urlPart(gen, "video_url", v.url());
        case ContentPart.InputAudio a -> {
          gen.writeStringField("type", "input_audio");
          gen.writeObjectFieldStart("input_audio");
          gen.writeStringField("data", a.base64());
          gen.writeStringField("format", a.format());
          gen.writeEndObject();
        }
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  private static void urlPart(JsonGenerator gen, String type, String url) throws IOException {
    gen.writeStringField("type", type);
    gen.writeObjectFieldStart(type);
    gen.writeStringField("url", url);
    gen.writeEndObject();
  }

  /** About how many bytes the parts take in JSON, to size the body buffer once. */
  static int lengthHint(List<ContentPart> parts) {
    long total = 0;
    for (ContentPart part : parts) {
      total += 48 + switch (part) {
        case ContentPart.Text t -> t.text().length();
        case ContentPart.ImageUrl i -> i.url().length();
        case ContentPart.VideoUrl v -> v.url().length();
        case ContentPart.InputAudio a -> a.base64().length();
      };
    }
    return (int) Math.min(total, Integer.MAX_VALUE - 1024);
  }
}
