package io.inferenceperf.tokenizer;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A model's SentencePiece tokenizer (tokenizer.model only, no tokenizer.json), run by Google's sentencepiece
 * library through DJL. Encoding is SentencePiece's own; with special tokens, BOS is prepended when
 * tokenizer_config.json's add_bos_token says so (default: when the model has a BOS piece, as Llama's tokenizer
 * does) and EOS appended when add_eos_token is true. Thread-safe.
 */
public final class SentencePieceTokenizer implements Tokenizer {

  private final String name;
  private final SpProcessor processor;
  private final int bosId;
  private final int eosId;
  private final boolean addBos;
  private final boolean addEos;
  private final boolean[] special;
  private final int[] ordinaryIds;
  private final ChatTemplate chatTemplate;
  private final SentencePieceModelFile.Model model;

  /**
   * @param model the pieces and their types, read from the same model file
   */
  SentencePieceTokenizer(String name, SpTokenizer tokenizer, SentencePieceModelFile.Model model,
      TokenizerSettings settings, ChatTemplate chatTemplate) {
    this.model = model;
    int[] pieceTypes = model.types();
    this.name = name;
    this.processor = tokenizer.getProcessor();
    this.chatTemplate = chatTemplate;
    this.bosId = pieceId(settings.specialTokens().getOrDefault("bos_token", "<s>"));
    this.eosId = pieceId(settings.specialTokens().getOrDefault("eos_token", "</s>"));
    this.addBos = bosId >= 0 && (settings.addBosToken() == null || settings.addBosToken());
    this.addEos = eosId >= 0 && Boolean.TRUE.equals(settings.addEosToken());
    int size = pieceTypes.length;
    this.special = new boolean[size];
    IntList ordinary = new IntList(size);
    for (int id = 0; id < size; id++) {
      int type = pieceTypes[id];
      special[id] = type == SentencePieceModelFile.CONTROL || type == SentencePieceModelFile.UNKNOWN
          || type == SentencePieceModelFile.UNUSED;
      if (!special[id]) {
        ordinary.add(id);
      }
    }
    this.ordinaryIds = ordinary.toArray();
  }

  /** The id of {@code piece}, or -1 when the model lacks it (SentencePiece maps unknown pieces to unk). */
  private int pieceId(String piece) {
    int id = processor.getId(piece);
    return piece.equals(processor.getToken(id)) ? id : -1;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    int[] ids = text.isEmpty() ? new int[0] : processor.encode(text);
    if (!addSpecialTokens || (!addBos && !addEos)) {
      return ids;
    }
    IntList withSpecials = new IntList(ids.length + 2);
    if (addBos) {
      withSpecials.add(bosId);
    }
    withSpecials.addAll(ids);
    if (addEos) {
      withSpecials.add(eosId);
    }
    return withSpecials.toArray();
  }

  /**
   * Pieces to text in Java, as SentencePiece decodes: "▁" is a space, byte pieces are raw bytes, invalid UTF-8
   * becomes U+FFFD, and the dummy-prefix space is dropped. (The native decode mangles characters outside the
   * Basic Multilingual Plane, such as emoji.)
   */
  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
    for (int id : ids) {
      if (id < 0 || id >= special.length || special[id]) {
        continue;
      }
      String piece = model.pieces()[id];
      if (model.types()[id] == SentencePieceModelFile.BYTE) {
        bytes.write(Integer.parseInt(piece.substring(3, piece.length() - 1), 16));
      } else {
        bytes.writeBytes(piece.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8));
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    return model.addDummyPrefix() && text.startsWith(" ") ? text.substring(1) : text;
  }

  @Override
  public int[] ordinaryTokenIds() {
    return ordinaryIds;
  }

  @Override
  public Optional<ChatTemplate> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }
}
