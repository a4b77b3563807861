package io.inferenceperf.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only scripted HTTP/1.1 server on 127.0.0.1 for exact byte sequences: each request runs a {@link Script}
 * that writes raw bytes, sleeps, or closes the socket, so tests can produce chunk splits across TCP reads, several
 * events in one read, bare-LF or CRLF framing, stalls and cuts exactly. The project's OpenAI simulator is a separate
 * component (built in parallel); this fixture exists to control the wire byte by byte, which a realistic
 * simulator should not offer. Blocking sockets with TCP_NODELAY, one virtual thread per connection, keep-alive.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** What the server received. Header names are lower-case. */
  record Received(int connection, int indexOnConnection, String requestLine, Map<String, String> headers,
      byte[] body, long receivedNanos) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Writes one response. Runs on the connection's thread; may block, sleep or close. */
  @FunctionalInterface
  interface Script {
    void respond(Received request, Wire wire) throws Exception;
  }

  /** The connection's output, with helpers for chunked SSE. Records when each write happened (System.nanoTime). */
  static final class Wire {
    private final Socket socket;
    private final OutputStream out;
    final List<Long> writeNanos = Collections.synchronizedList(new ArrayList<>());
    boolean closed;

    Wire(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
      writeNanos.add(System.nanoTime());
      out.write(bytes);
      out.flush();
    }

    /** The head of a chunked text/event-stream 200 response. */
    void sseHead() throws IOException {
      write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    /** One HTTP chunk carrying {@code text}. */
    void chunk(String text) throws IOException {
      write(chunkBytes(text));
    }

    void endChunks() throws IOException {
      write("0\r\n\r\n");
    }

    void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }

    /** A complete response with a Content-Length body. */
    void fixed(int status, String contentType, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      write("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
          + "\r\n\r\n" + body);
    }

    void close() throws IOException {
      closed = true;
      socket.close();
    }
  }

  static String chunkBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
  }

  private final ServerSocket server;
  private final Script script;
  private final Thread acceptor;
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  final List<Wire> wires = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger activeResponses = new AtomicInteger();
  final AtomicInteger maxActiveResponses = new AtomicInteger();

  ScriptedHttpServer(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        int id = connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(socket, id));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket, int connectionId) {
    try (socket) {
      InputStream in = socket.getInputStream();
      Wire wire = new Wire(socket);
      for (int index = 0; !wire.closed; index++) {
        Received request = readRequest(in, connectionId, index);
        if (request == null) {
          return;
        }
        received.add(request);
        wires.add(wire);
        int now = activeResponses.incrementAndGet();
        maxActiveResponses.accumulateAndGet(now, Math::max);
        try {
          script.respond(request, wire);
        } finally {
          activeResponses.decrementAndGet();
        }
      }
    } catch (Exception ignored) {
      // the client went away or the test closed the server
    }
  }

  private static Received readRequest(InputStream in, int connectionId, int index) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long receivedNanos = System.nanoTime();
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Received(connectionId, index, lines[0], headers, body, receivedNanos);
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    acceptor.interrupt();
  }
}
