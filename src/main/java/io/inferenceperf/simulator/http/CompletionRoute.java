package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.engine.FaultPlan;
import io.inferenceperf.simulator.engine.OutputPlan;
import io.inferenceperf.simulator.engine.Replica;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POST /v1/completions, /v1/chat/completions and /v1/messages (Anthropic, which shares chat's prompt and the same
 * timing and faults, without reasoning tokens): validates the request, decides its output and faults, and starts
 * a {@link Responder} (or answers an error at once).
 */
final class CompletionRoute {
  private final SimContext sim;
  private final Replica replica;

  CompletionRoute(SimContext sim, Replica replica) {
    this.sim = sim;
    this.replica = replica;
  }

  /**
   * Handles one request. Returns the responder now in charge of the connection, or null when the answer was sent
   * already (then {@code done} has been called).
   */
  Responder handle(
      ChannelHandlerContext ctx, FullHttpRequest http, String route, boolean chat, long arrivalNanos,
      Responder.Done done) {
    boolean anthropic = route.equals("/v1/messages");
    sim.truth.requestReceived();
    sim.metrics.observeReceived();
    boolean closeAfter = !HttpUtil.isKeepAlive(http);
    String requestId = http.headers().get("x-request-id");
    if (requestId == null || requestId.isBlank()) {
      requestId = replica.newRequestId();
    }
    Arrival arrival = new Arrival(ctx, done, requestId, route, closeAfter, arrivalNanos, anthropic);
    JsonNode body;
    try (InputStream in = new ByteBufInputStream(http.content())) {
      body = sim.json.readTree(in);
    } catch (IOException e) {
      return reject(arrival, HttpResponseStatus.BAD_REQUEST, "the body is not valid JSON", null, List.of());
    }
    RequestParser.Parsed parsed =
        RequestParser.parse(chat, anthropic, body, sim.options.engine().prefixBlockTokens());
    if (parsed.error() != null) {
      return reject(arrival, HttpResponseStatus.BAD_REQUEST, parsed.error(), null, List.of());
    }
    CompletionRequest request = parsed.request();
    sim.truth.mediaReceived(request.media());
    String model = request.model() == null ? sim.options.model() : request.model();
    if (!sim.servesModel(model)) {
      return reject(arrival, HttpResponseStatus.NOT_FOUND, "The model `" + model + "` does not exist.", "model", List.of());
    }
    int promptTokens = request.prompt().count();
    int maxModelLen = sim.options.maxModelLen();
    int limit = request.maxTokens() > 0 ? request.maxTokens() : maxModelLen - promptTokens;
    if (promptTokens + Math.max(1, limit) > maxModelLen) {
      String message =
          "the context is " + maxModelLen + " tokens but " + promptTokens + " prompt tokens plus "
              + Math.max(1, limit) + " completion tokens were requested; shorten the prompt or lower max_tokens";
      return reject(arrival, HttpResponseStatus.BAD_REQUEST, message, null, List.of());
    }
    OutputPlan output = replica.outputs().plan(limit, request.minTokens(), request.ignoreEos(), chat && !anthropic);
    FaultPlan faults = replica.faults().draw(output.targetTokens());
    faults.names().forEach(sim.truth::fault);
    if (faults.status() != 0) {
      HttpResponseStatus status = HttpResponseStatus.valueOf(faults.status());
      return reject(arrival, status, "injected fault: " + status.reasonPhrase(), null, faults.names());
    }
    Exchange exchange =
        new Exchange(
            requestId, (anthropic ? "msg_" : chat ? "chatcmpl-" : "cmpl-") + requestId, route, arrivalNanos, request, model, output,
            faults, closeAfter, toolCall(request, anthropic, http));
    Responder responder =
        request.stream()
            ? new StreamingResponder(ctx, sim, replica, exchange, done)
            : new BufferedResponder(ctx, sim, replica, exchange, done);
    if (faults.slowHeadersNanos() > 0) {
      ctx.executor().schedule(responder::start, faults.slowHeadersNanos(), TimeUnit.NANOSECONDS);
    } else {
      responder.start();
    }
    return responder;
  }

  /** A forced tool call's id and name, and whether the request asked for the bad-arguments fault; else null. */
  private ToolCallOut toolCall(CompletionRequest request, boolean anthropic, FullHttpRequest http) {
    if (request.toolCall() == null) {
      return null;
    }
    String bad = http.headers().get(ToolCallOut.BAD_ARGUMENTS_HEADER);
    String id = (anthropic ? "toolu_" : "call_") + replica.newRequestId().replaceAll("[^A-Za-z0-9_-]", "");
    return new ToolCallOut(id, request.toolCall(), "true".equalsIgnoreCase(bad) || "1".equals(bad));
  }

  /** Who asked, for answering before a responder exists. */
  private record Arrival(
      ChannelHandlerContext ctx, Responder.Done done, String requestId, String route, boolean closeAfter,
      long arrivalNanos, boolean anthropic) {}

  private Responder reject(
      Arrival arrival, HttpResponseStatus status, String message, String param, List<String> faultNames) {
    long now = System.nanoTime();
    sim.metrics.observeFailed();
    sim.truth.finished(
        new RequestTruth(
            arrival.requestId(), arrival.route(), false, status.code(), "error", arrival.arrivalNanos(), -1, -1, -1,
            now, new long[0], 0, 0, 0, null, faultNames));
    byte[] body = arrival.anthropic()
        ? AnthropicEncoder.error(status.code(), message) : Responses.error(status, message, param);
    Responses.send(arrival.ctx(), status, Responses.JSON, body, arrival.closeAfter());
    arrival.done().responseDone(arrival.closeAfter());
    return null;
  }
}
