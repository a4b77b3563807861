package io.inferenceperf.tracing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

/**
 * Test fixture standing in for an OpenTelemetry Collector's OTLP/HTTP receiver: a JDK HttpServer on 127.0.0.1 that
 * accepts POST /v1/traces, decodes the protobuf body with the OTLP protocol's own message classes
 * (opentelemetry-proto), keeps every span with its resource, and answers 200 with an empty export response, as a
 * collector does.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** One received span and the attributes of the resource it came with. */
  public record Received(Span span, Map<String, AnyValue> resource) {
    public String name() {
      return span.getName();
    }

    public Map<String, AnyValue> attributes() {
      return toMap(span.getAttributesList());
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/traces", this::handle);
    server.start();
  }

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> spans() {
    return new ArrayList<>(spans);
  }

  /** Bodies that could not be decoded (answered 400), with why. */
  public List<String> errors() {
    return new ArrayList<>(errors);
  }

  public List<String> contentTypes() {
    return new ArrayList<>(contentTypes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
      InputStream in = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
      } catch (IOException | RuntimeException | LinkageError undecodable) {
        errors.add(undecodable.toString());
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        Map<String, AnyValue> resource = resourceAttributes(resourceSpans.getResource());
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
          scope.getSpansList().forEach(span -> spans.add(new Received(span, resource)));
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static Map<String, AnyValue> resourceAttributes(Resource resource) {
    return toMap(resource.getAttributesList());
  }

  static Map<String, AnyValue> toMap(List<KeyValue> keyValues) {
    Map<String, AnyValue> out = new LinkedHashMap<>();
    keyValues.forEach(kv -> out.put(kv.getKey(), kv.getValue()));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
