package io.inferenceperf.api;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.ToolCall;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.transport.ExchangeListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds one request's {@link RequestRecord} from what the transport observed, as its {@link ExchangeListener}: the
 * send time, the status, the body bytes and each SSE event's payload with the arrival time of the bytes that
 * completed it. It knows the OpenAI semantics (what a token-carrying chunk is, where usage and errors live); the
 * transport knows HTTP and SSE.
 *
 * <p>Threading: the listener methods run on one I/O thread, are cheap, and never count tokens. {@link #toRecord}
 * may then run on another thread (handed over through an executor); that is where a tokenizer, if any, counts the
 * kept chunk texts, so tokenization never delays a read on the I/O thread.
 *
 * <p>The request says which API it used: OpenAI chunks are decoded by {@link ChunkDecoder}, Anthropic Messages
 * events by {@link AnthropicDecoder} (whose stream ends with {@code message_stop} instead of {@code data: [DONE]}).
 *
 * <p>Outcome rules, first failure wins:
 *
 * <ul>
 *   <li>non-2xx status: {@link Failure#http} with the body trimmed to {@value #ERROR_BODY_LIMIT} bytes;
 *   <li>an error object or an {@code event: error} inside a 2xx stream, or malformed JSON: {@code PROTOCOL}, with the
 *       error's own code as the failure's status; reading continues, so the record keeps everything that arrived;
 *   <li>an event stream whose body ended without {@code data: [DONE]}: {@code STREAM_CUT};
 *   <li>a 2xx stream with no token-carrying chunk is a success with no chunks (TTFT is then absent, never 0): a
 *       model may legitimately stop at once, and usage still tells how many tokens it produced.
 * </ul>
 */
public final class ResponseAssembler implements ExchangeListener {

  /** How much of a non-2xx body goes into the failure message. */
  public static final int ERROR_BODY_LIMIT = 1024;

  private static final int BODY_CAP = Integer.MAX_VALUE - 16;
  private static final int SNIPPET_CHARS = 200;
  private static final int INITIAL_CHUNKS = 32;

  private final PreparedRequest request;
  private final long seq;
  private final int stageId;
  private final long intendedStartNanos;
  private final boolean keepBodies;
  private final boolean keepTexts;
  private final Consumer<ResponseAssembler> onComplete;

  private long sentNanos = -1;
  private long endNanos = -1;
  private int status;
  private boolean eventStream;
  private boolean sawDone;
  private Failure failure;
  private ByteAccumulator body;

  private long[] chunkNanos = new long[INITIAL_CHUNKS];
  private int chunkCount;
  private long firstContentNanos = -1;
  private int timestampSources;
  private int reads;
  private int kernelStampedReads;
  private long readLatenessNanos = -1;
  private long arrivalUncertaintyNanos = -1;
  /** The read being fed: the earliest its bytes can have arrived, or -1 without kernel stamps. */
  private long readEarliestNanos = -1;
  /** Token events that share one stamp (one read, or reads of segments the kernel merged), and their bound. */
  private long groupStampNanos = Long.MIN_VALUE;
  private long groupEarliestNanos = -1;
  private int groupEvents;
  /** With kept texts: every token chunk's text (reasoning then content) in order, in one buffer. */
  private StringBuilder generated;
  /** With kept texts: where each chunk's text ends in {@link #generated}. */
  private int[] chunkTextEnds;
  private String bodyText;
  /** The response's tool calls, only for requests whose output is carried on ({@link #keepToolCalls}). */
  private ToolCallAccumulator toolCalls;

  private int serverPromptTokens = -1;
  private int serverCompletionTokens = -1;
  private int serverCachedTokens = -1;
  private String finishReason;

  /**
   * @param keepBodies keep the raw request and response text in the record (per-request output)
   * @param keepChunkTexts keep each chunk's text so a tokenizer can count it later in {@link #toRecord}
   * @param onComplete gets this assembler on the I/O thread once the exchange is over (the record can be built)
   */
  public ResponseAssembler(
      PreparedRequest request,
      long seq,
      int stageId,
      long intendedStartNanos,
      boolean keepBodies,
      boolean keepChunkTexts,
      Consumer<ResponseAssembler> onComplete) {
    this.request = request;
    this.seq = seq;
    this.stageId = stageId;
    this.intendedStartNanos = intendedStartNanos;
    this.keepBodies = keepBodies;
    this.keepTexts = keepChunkTexts;
    this.onComplete = onComplete;
    if (keepChunkTexts) {
      generated = new StringBuilder(INITIAL_CHUNKS * 8);
      chunkTextEnds = new int[INITIAL_CHUNKS];
    }
  }

  public PreparedRequest request() {
    return request;
  }

  /** Keeps the response's tool calls too ({@link #toolCalls}); call before the exchange starts. */
  public void keepToolCalls() {
    toolCalls = new ToolCallAccumulator();
  }

  /** The tool calls the response generated, in index order; empty when none or when they were not kept. */
  public List<ToolCall> toolCalls() {
    return toolCalls == null ? List.of() : toolCalls.calls();
  }

  @Override
  public void onSent(long nanos) {
    sentNanos = nanos;
    timestampSources &= ~RequestRecord.KERNEL_SEND; // a later refinement says again where it came from
  }

  @Override
  public void onKernelSendStamp() {
    timestampSources |= RequestRecord.KERNEL_SEND;
  }

  @Override
  public void onRead(boolean kernelStamped, long latenessNanos, long earliestArrivalNanos) {
    reads++;
    readEarliestNanos = -1;
    if (kernelStamped) {
      kernelStampedReads++;
      readLatenessNanos = Math.max(readLatenessNanos, latenessNanos);
      arrivalUncertaintyNanos = Math.max(arrivalUncertaintyNanos, 0);
      readEarliestNanos = earliestArrivalNanos;
    }
  }

  /**
   * Token events with the same stamp came in one read, or in reads of one merged segment: only the last of them
   * surely arrived at that time; the others arrived between the first read's earliest time and the stamp.
   */
  private void trackUncertainty(long arrivalNanos) {
    if (arrivalNanos == groupStampNanos) {
      groupEvents++;
      return;
    }
    closeGroup();
    groupStampNanos = arrivalNanos;
    groupEarliestNanos = readEarliestNanos;
    groupEvents = 1;
  }

  private void closeGroup() {
    if (groupEvents >= 2 && groupEarliestNanos >= 0) {
      arrivalUncertaintyNanos = Math.max(arrivalUncertaintyNanos, groupStampNanos - groupEarliestNanos);
    }
    groupEvents = 0;
  }

  public long sentNanos() {
    return sentNanos;
  }

  /** The status decides the outcome; an event stream is decoded event by event (2xx only). */
  @Override
  public void onHead(int httpStatus, boolean eventStream, long nanos) {
    this.status = httpStatus;
    this.eventStream = eventStream && is2xx();
  }

  @Override
  public String wantedResponseHeader() {
    return request.headerCapture() == null ? null : request.headerCapture().name();
  }

  @Override
  public void onResponseHeader(String value) {
    if (request.headerCapture() != null) {
      request.headerCapture().sink().accept(value);
    }
  }

  @Override
  public boolean wantsEvents() {
    return eventStream;
  }

  /** Body bytes are kept only as far as needed to decode them or to report them. */
  @Override
  public void onBody(byte[] bytes, int offset, int length) {
    if (keepBodies || (is2xx() && !eventStream)) {
      bodyBuffer(BODY_CAP).append(bytes, offset, length);
    } else if (!is2xx()) {
      bodyBuffer(ERROR_BODY_LIMIT).append(bytes, offset, length);
    }
  }

  @Override
  public void onEvent(boolean errorEvent, byte[] data, int length, long arrivalNanos) {
    if (sawDone || length == 0) {
      return;
    }
    if (isDone(data, length)) {
      sawDone = true;
      return;
    }
    DecodedChunk chunk = DecodedChunk.ofThisThread(keepTexts);
    try {
      decode(data, length, chunk);
    } catch (IOException malformed) {
      noteFailure(Failure.of(Failure.Kind.PROTOCOL, "malformed JSON in SSE event: " + snippet(data, length)));
      return;
    }
    mergeUsage(chunk);
    if (chunk.error || errorEvent) {
      noteFailure(errorFailure(chunk, chunk.errorMessage != null ? chunk.errorMessage : snippet(data, length)));
      return;
    }
    if (chunk.streamEnd) {
      sawDone = true;
    }
    if (chunk.carriesTokens()) {
      addChunk(chunk, arrivalNanos);
    }
  }

  @Override
  public void onEnd(long nanos) {
    endNanos = nanos;
    if (!is2xx()) {
      noteFailure(Failure.http(status, body == null ? "" : body.text(ERROR_BODY_LIMIT).strip()));
    } else if (eventStream) {
      if (!sawDone) {
        noteFailure(Failure.of(Failure.Kind.STREAM_CUT, "event stream ended without "
            + (request.anthropic() ? "a message_stop event" : "data: [DONE]")));
      }
    } else {
      decodeWholeBody();
    }
  }

  /** Keeps what arrived; the first failure stands. */
  @Override
  public void onAbort(Failure cause, long nanos) {
    noteFailure(cause);
    if (endNanos < 0) {
      endNanos = nanos;
    }
  }

  @Override
  public void onComplete() {
    onComplete.accept(this);
  }

  /** The last finish (or stop) reason the server gave, or null. */
  public String finishReason() {
    return finishReason;
  }

  public boolean sawDone() {
    return sawDone;
  }

  public Failure failure() {
    return failure;
  }

  /**
   * The finished record. With a tokenizer, client output tokens are the count of the whole generated text
   * (reasoning then content, no special tokens) and each chunk's tokens are counted on its own; without one, each
   * token-carrying chunk counts as one token and a non-streaming body counts 0 client tokens.
   */
  public RequestRecord toRecord(Tokenizer tokenizer) {
    closeGroup();
    // No events arrive after the end, so a full array can be the record's own.
    long[] times = chunkCount == chunkNanos.length ? chunkNanos : Arrays.copyOf(chunkNanos, chunkCount);
    int[] tokens = new int[chunkCount];
    int clientOutput = countTokens(tokenizer, tokens);
    boolean promptFromServer = serverPromptTokens >= 0;
    return new RequestRecord(
        seq,
        stageId,
        intendedStartNanos,
        sentNanos,
        endNanos,
        times,
        tokens,
        firstContentNanos,
        promptFromServer ? serverPromptTokens : request.clientPromptTokens(),
        promptFromServer,
        clientOutput,
        serverCompletionTokens,
        serverCachedTokens,
        request.body().length,
        status,
        failure,
        request.model(),
        keepBodies ? new String(request.body(), StandardCharsets.UTF_8) : null,
        keepBodies ? (body == null ? "" : body.text()) : null,
        timestampSources | (reads > 0 && kernelStampedReads == reads ? RequestRecord.KERNEL_ARRIVALS : 0),
        readLatenessNanos,
        arrivalUncertaintyNanos,
        request.media());
  }

  /**
   * The generated text (reasoning then content, as received), or null when it was not kept: text is kept only
   * when the assembler was built with {@code keepChunkTexts}. Call after the exchange ended.
   */
  public String generatedText() {
    if (!eventStream) {
      return keepTexts ? (bodyText == null ? "" : bodyText) : null;
    }
    return generated == null ? null : generated.toString();
  }

  private int countTokens(Tokenizer tokenizer, int[] tokens) {
    if (tokenizer == null || generated == null) {
      Arrays.fill(tokens, 1);
      return eventStream ? chunkCount : 0;
    }
    if (!eventStream) {
      return bodyText == null ? 0 : tokenizer.countTokens(bodyText, false);
    }
    int start = 0;
    for (int i = 0; i < chunkCount; i++) {
      tokens[i] = tokenizer.countTokens(generated, start, chunkTextEnds[i]);
      start = chunkTextEnds[i];
    }
    return tokenizer.countTokens(generated, 0, generated.length());
  }

  private void addChunk(DecodedChunk chunk, long arrivalNanos) {
    if (chunkCount == chunkNanos.length) {
      chunkNanos = Arrays.copyOf(chunkNanos, chunkCount * 2);
      if (generated != null) {
        chunkTextEnds = Arrays.copyOf(chunkTextEnds, chunkCount * 2);
      }
    }
    if (generated != null) {
      generated.append(chunk.reasoningText).append(chunk.contentText);
      chunkTextEnds[chunkCount] = generated.length();
    }
    chunkNanos[chunkCount++] = arrivalNanos;
    trackUncertainty(arrivalNanos);
    if (chunk.contentChars > 0 && firstContentNanos < 0) {
      firstContentNanos = arrivalNanos;
    }
  }

  private void decodeWholeBody() {
    if (body == null || body.length() == 0) {
      noteFailure(Failure.of(Failure.Kind.PROTOCOL, "empty response body"));
      return;
    }
    DecodedChunk chunk = DecodedChunk.ofThisThread(keepTexts);
    try {
      decode(body.array(), body.length(), chunk);
    } catch (IOException malformed) {
      noteFailure(Failure.of(Failure.Kind.PROTOCOL, "malformed JSON response: " + snippet(body.array(), body.length())));
      return;
    }
    mergeUsage(chunk);
    if (chunk.error) {
      noteFailure(errorFailure(chunk, chunk.errorMessage));
    } else if (keepTexts) {
      bodyText = chunk.reasoningText.toString() + chunk.contentText;
    }
  }

  private void decode(byte[] data, int length, DecodedChunk chunk) throws IOException {
    chunk.toolCalls = toolCalls; // the thread's chunk is shared by every response it reads
    if (request.anthropic()) {
      AnthropicDecoder.decode(data, 0, length, chunk);
    } else {
      ChunkDecoder.decode(data, 0, length, chunk);
    }
  }

  private void mergeUsage(DecodedChunk chunk) {
    if (chunk.finishReason != null) {
      finishReason = chunk.finishReason;
    }
    if (chunk.promptTokens >= 0) {
      serverPromptTokens = chunk.promptTokens;
    }
    if (chunk.completionTokens >= 0) {
      serverCompletionTokens = chunk.completionTokens;
    }
    if (chunk.cachedTokens >= 0) {
      serverCachedTokens = chunk.cachedTokens;
    }
  }

  private Failure errorFailure(DecodedChunk chunk, String message) {
    int code = chunk.errorCode >= 100 && chunk.errorCode <= 599 ? chunk.errorCode : 0;
    return new Failure(Failure.Kind.PROTOCOL, code, "error in " + status + " response: " + message);
  }

  private void noteFailure(Failure candidate) {
    if (failure == null) {
      failure = candidate;
    }
  }

  private boolean is2xx() {
    return status >= 200 && status <= 299;
  }

  private ByteAccumulator bodyBuffer(int cap) {
    if (body == null) {
      body = new ByteAccumulator(cap == ERROR_BODY_LIMIT ? 256 : 4096, cap);
    }
    return body;
  }

  private static boolean isDone(byte[] data, int length) {
    int start = 0;
    int end = length;
    while (start < end && data[start] == ' ') {
      start++;
    }
    while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\n')) {
      end--;
    }
    return end - start == 6
        && data[start] == '['
        && data[start + 1] == 'D'
        && data[start + 2] == 'O'
        && data[start + 3] == 'N'
        && data[start + 4] == 'E'
        && data[start + 5] == ']';
  }

  private static String snippet(byte[] data, int length) {
    String text = new String(data, 0, Math.min(length, SNIPPET_CHARS * 4), StandardCharsets.UTF_8);
    return text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "...";
  }
}
