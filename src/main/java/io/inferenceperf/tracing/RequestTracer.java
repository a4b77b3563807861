package io.inferenceperf.tracing;

import io.inferenceperf.api.ExchangeObserver;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns finished exchanges into OpenTelemetry spans, one CLIENT span per request, on a thread of its own: the client
 * only offers the finished values to a bounded queue (when it is full the span is dropped and counted, never the
 * request), so measurement is not disturbed. A span starts when the request was sent and ends with its response;
 * monotonic times are mapped to epoch time through one reading of both clocks. Spans are batched and exported by the
 * SDK's {@link BatchSpanProcessor}; {@link #close} exports what is left.
 *
 * <p>W3C trace context: before a request is sent ({@link #beforeSend}) its span's ids are chosen and put into its
 * {@code traceparent} header, so that a traced server's spans join the request's trace; the span built later takes
 * those ids ({@link PresetIds}). Its trace is its stage's (OTEL_TRACE_PER_STAGE), its session's (session-graph
 * replay), or its own.
 */
public final class RequestTracer implements ExchangeObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestTracer.class);
  private static final int QUEUE_CAPACITY = 65_536;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private record Finished(PreparedRequest request, RequestRecord record, String text, String finishReason) {}

  private static final Finished STOP = new Finished(null, null, null, null);

  private final TracingSettings settings;
  private final SdkTracerProvider provider;
  private final FailureCountingExporter exporter;
  private final Tracer tracer;
  private final long originNanos;
  private final long originEpochNanos;
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final PresetIds ids = new PresetIds();
  /** Trace ids named in headers before their stage or session span exists (sending threads and the tracing one). */
  private final Map<Integer, String> stageTraceIds = new ConcurrentHashMap<>();
  private final Map<String, String> sessionTraceIds = new ConcurrentHashMap<>();
  /** The session of each request sent, from its send until its span is built. */
  private final Map<Long, String> sessionBySeq = new ConcurrentHashMap<>();
  private final BlockingQueue<Finished> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Map<Integer, StageSpan> stages = new HashMap<>();
  /** Session-graph replay: a span per session, the parent of its requests' spans, ended at close. */
  private final Map<String, StageSpan> sessions = new HashMap<>();
  private volatile LongFunction<String> sessionOfSeq;
  private final Thread worker;
  private volatile boolean closed;
  private long traced;

  private static final class StageSpan {
    final Span span;
    long endEpochNanos;

    StageSpan(Span span, long endEpochNanos) {
      this.span = span;
      this.endEpochNanos = endEpochNanos;
    }
  }

  /** A tracer exporting over OTLP/HTTP to the settings' URL, or to the log without one. */
  public static RequestTracer start(TracingSettings settings) {
    SpanExporter exporter = settings.tracesUrl() == null ? new LogSpanExporter()
        : OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).setTimeout(FLUSH_TIMEOUT).build();
    if (settings.tracesUrl() != null && settings.tracesUrl().matches("https?://[^/]+:4317(/.*)?")) {
      LOG.warn("OTEL_EXPORTER_OTLP_ENDPOINT names port 4317, OTLP/gRPC's; traces go out over OTLP/HTTP, whose port"
          + " is 4318 by default");
    }
    LOG.info("request tracing on: spans of service {} go to {}", settings.serviceName(),
        settings.tracesUrl() == null ? "the log" : settings.tracesUrl());
    return new RequestTracer(settings, exporter, System.nanoTime(), epochNanosNow());
  }

  /**
   * @param originNanos a monotonic reading taken at {@code originEpochNanos}: the mapping of record times to epoch
   */
  RequestTracer(TracingSettings settings, SpanExporter exporter, long originNanos, long originEpochNanos) {
    this.settings = settings;
    this.originNanos = originNanos;
    this.originEpochNanos = originEpochNanos;
    this.exporter = new FailureCountingExporter(exporter);
    this.provider = SdkTracerProvider.builder()
        .setIdGenerator(ids)
        .setResource(Resource.getDefault().merge(Resource.create(io.opentelemetry.api.common.Attributes.of(
            AttributeKey.stringKey("service.name"), settings.serviceName()))))
        .addSpanProcessor(BatchSpanProcessor.builder(this.exporter).setScheduleDelay(Duration.ofSeconds(1))
            .setMaxExportBatchSize(512).build())
        .build();
    this.tracer = provider.get("io.inferenceperf");
    this.worker = Thread.ofPlatform().daemon().name("request-tracing").start(this::run);
  }

  /**
   * Session-graph replay: {@code sessionOfSeq} names the session of request seq (called once per request, on the
   * tracing thread; null for a request of no session); each session gets a span, parent of its requests' spans.
   */
  public void sessions(LongFunction<String> sessionOfSeq) {
    this.sessionOfSeq = sessionOfSeq;
  }

  /**
   * On the sending thread: the request with the W3C trace context of its span-to-be ({@code traceparent}, and
   * {@code tracestate} when there is one, which a trace started here never has).
   */
  @Override
  public PreparedRequest beforeSend(PreparedRequest request, long seq, int stageId) {
    LongFunction<String> sessionOf = sessionOfSeq;
    String session = sessionOf == null ? null : sessionOf.apply(seq);
    String traceId;
    if (session != null) {
      sessionBySeq.put(seq, session);
      traceId = settings.tracePerStage() ? stageTraceId(stageId) : sessionTraceId(session);
    } else {
      traceId = settings.tracePerStage() ? stageTraceId(stageId) : PresetIds.randomTraceId();
    }
    SpanContext span = SpanContext.create(traceId, PresetIds.randomSpanId(), TraceFlags.getSampled(),
        TraceState.getDefault());
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    headers.keySet().removeIf(name -> W3C.fields().stream().anyMatch(name::equalsIgnoreCase)); // api.headers' own
    W3C.inject(Context.root().with(Span.wrap(span)), headers, (carrier, key, value) -> carrier.put(key, value));
    return request.withHeaders(headers);
  }

  private String stageTraceId(int stageId) {
    return stageTraceIds.computeIfAbsent(stageId, id -> PresetIds.randomTraceId());
  }

  private String sessionTraceId(String sessionId) {
    return sessionTraceIds.computeIfAbsent(sessionId, id -> PresetIds.randomTraceId());
  }

  /** The span context a request's headers carried out ({@link #beforeSend}); invalid when it carried none. */
  private static SpanContext sentContext(PreparedRequest request) {
    return Span.fromContext(W3C.extract(Context.root(), request.headers(), HEADERS)).getSpanContext();
  }

  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /** On the client's thread: hands the finished exchange on; never blocks. */
  @Override
  public void exchanged(PreparedRequest request, RequestRecord record, String generatedText, String finishReason) {
    if (closed || !queue.offer(new Finished(request, record, generatedText, finishReason))) {
      dropped.incrementAndGet();
    }
  }

  private void run() {
    try {
      while (true) {
        Finished next = queue.take();
        if (next == STOP) {
          return;
        }
        try {
          span(next);
        } catch (RuntimeException spanFailed) {
          LOG.warn("could not trace request {}", next.record().seq(), spanFailed);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void span(Finished f) {
    RequestRecord record = f.record();
    long start = epoch(record.sentNanos() >= 0 ? record.sentNanos() : record.intendedStartNanos());
    long end = Math.max(start, epoch(record.endNanos()));
    var builder = tracer.spanBuilder(SpanAttributesOf.spanName(f.request()))
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAllAttributes(SpanAttributesOf.of(f.request(), record, f.text(), f.finishReason()));
    String session = sessionBySeq.remove(record.seq());
    LongFunction<String> sessionOf = sessionOfSeq;
    if (session == null && sessionOf != null) session = sessionOf.apply(record.seq()); // sent without beforeSend
    if (session != null) {
      builder.setParent(Context.root().with(sessionSpan(session, record.stageId(), start, end)));
    } else if (settings.tracePerStage()) {
      builder.setParent(Context.root().with(stageSpan(record.stageId(), start, end)));
    } else {
      builder.setNoParent();
    }
    SpanContext sent = sentContext(f.request());
    Span span;
    try {
      if (sent.isValid()) ids.next(sent.getTraceId(), sent.getSpanId()); // the ids its traceparent header named
      span = builder.startSpan();
    } finally {
      ids.clear();
    }
    if (record.failure() != null) {
      span.setStatus(StatusCode.ERROR, record.failure().message());
    } else {
      span.setStatus(StatusCode.OK);
    }
    span.end(end, TimeUnit.NANOSECONDS);
    traced++;
  }

  /** The stage's span, started with its first traced request; it ends at close, with the stage's last response. */
  private Span stageSpan(int stageId, long startEpochNanos, long endEpochNanos) {
    StageSpan stage = stages.computeIfAbsent(stageId, id -> new StageSpan(startWithTrace(stageTraceId(id),
        tracer.spanBuilder("stage." + id).setSpanKind(SpanKind.INTERNAL).setNoParent()
            .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS).setAttribute("stage.id", id)), endEpochNanos));
    stage.endEpochNanos = Math.max(stage.endEpochNanos, endEpochNanos);
    return stage.span;
  }

  /** The session's span, started with its first traced request (a stage span's child with OTEL_TRACE_PER_STAGE). */
  private Span sessionSpan(String sessionId, int stageId, long startEpochNanos, long endEpochNanos) {
    StageSpan session = sessions.get(sessionId);
    if (session == null) {
      var builder = tracer.spanBuilder("session " + sessionId).setSpanKind(SpanKind.INTERNAL)
          .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS).setAttribute("session.id", sessionId)
          .setAttribute("stage.id", stageId);
      if (settings.tracePerStage()) {
        builder.setParent(Context.root().with(stageSpan(stageId, startEpochNanos, endEpochNanos)));
      } else {
        builder.setNoParent();
      }
      String traceId = settings.tracePerStage() ? null : sessionTraceId(sessionId); // else its stage's
      session = new StageSpan(startWithTrace(traceId, builder), endEpochNanos);
      sessions.put(sessionId, session);
    } else if (settings.tracePerStage()) {
      stageSpan(stageId, startEpochNanos, endEpochNanos);
    }
    session.endEpochNanos = Math.max(session.endEpochNanos, endEpochNanos);
    return session.span;
  }

  /** Starts a span whose trace, when it has no parent, is {@code traceId} (named in its requests' headers). */
  private Span startWithTrace(String traceId, io.opentelemetry.api.trace.SpanBuilder builder) {
    try {
      ids.next(traceId, null);
      return builder.startSpan();
    } finally {
      ids.clear();
    }
  }

  /** Milliseconds left until {@code deadlineNanos}, at least 1 (0 would mean no limit to Thread.join). */
  private static long millisUntil(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private long epoch(long monotonicNanos) {
    return originEpochNanos + (monotonicNanos - originNanos);
  }

  private static long epochNanosNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Spans of every exchange handed over so far are built and exported, waiting at most 10 s in all: building,
   * flushing and shutting down share one deadline, so a collector that is down (whose exports the exporter retries
   * with back-off) delays the end of the run by 10 s, not by each step's timeout in turn.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
    try {
      queue.put(STOP);
      worker.join(millisUntil(deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessions.values().forEach(s -> {
      s.span.setStatus(StatusCode.OK);
      s.span.end(s.endEpochNanos, TimeUnit.NANOSECONDS);
    });
    stages.values().forEach(s -> {
      s.span.setStatus(StatusCode.OK);
      s.span.end(s.endEpochNanos, TimeUnit.NANOSECONDS);
    });
    boolean flushed = provider.forceFlush().join(millisUntil(deadline), TimeUnit.MILLISECONDS).isSuccess();
    provider.shutdown().join(Math.max(100, millisUntil(deadline)), TimeUnit.MILLISECONDS);
    if (exporter.failedSpans() > 0) { // counted in every export: the run's timed ones may be those that failed
      LOG.warn("request tracing: {} spans could not be exported to {} (is the collector up, on its OTLP/HTTP port?)",
          exporter.failedSpans(), settings.tracesUrl());
    } else if (!flushed) {
      LOG.warn("request tracing: the last spans could not be exported to {} within {} s (is the collector up, on its"
          + " OTLP/HTTP port?)", settings.tracesUrl(), FLUSH_TIMEOUT.toSeconds());
    }
    if (dropped.get() > 0) {
      LOG.warn("request tracing: {} spans were dropped (the tracing queue was full)", dropped.get());
    }
    LOG.info("request tracing: {} request spans built and handed to the exporter", traced);
  }
}
