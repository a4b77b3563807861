package io.inferenceperf.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A small server speaking the part of the Google Cloud Storage JSON API that the storage code uses, on 127.0.0.1.
 * It stands in for fake-gcs-server, which cannot be installed here: buckets.get, objects.list, objects.get (with
 * alt=media for downloads), objects.insert as a multipart upload and as a resumable session (chunks answered with
 * 308 and a Range header), an OAuth token endpoint for authorized_user credentials, a bearer-token check, and
 * injected server errors. Uploaded hashes (md5Hash, crc32c) are verified as GCS does.
 */
public final class GcsJsonApiStub implements AutoCloseable {
  public static final String CLIENT_ID = "stub-client";
  public static final String CLIENT_SECRET = "stub-client-secret-never-printed";
  public static final String REFRESH_TOKEN = "stub-refresh-token-never-printed";
  public static final String ACCESS_TOKEN = "stub-access-token-never-printed";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OBJECT = Pattern.compile("^/storage/v1/b/([^/]+)/o/(.+)$");
  private static final Pattern OBJECTS = Pattern.compile("^/storage/v1/b/([^/]+)/o/?$");
  private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
  private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o/?$");

  /** One request as the stub saw it. */
  public record Seen(String method, String path, String query, String authorization) {}

  private record Session(String bucket, String name, String contentType, ByteArrayOutputStream bytes) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();
  private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger failingUploads = new AtomicInteger();
  private volatile String failingNamePart = "";
  private final AtomicInteger tokenGrants = new AtomicInteger();
  private volatile boolean requireToken;

  public GcsJsonApiStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void createBucket(String name) {
    buckets.putIfAbsent(name, new ConcurrentHashMap<>());
  }

  public void put(String bucket, String name, byte[] bytes) {
    buckets.get(bucket).put(name, bytes);
  }

  public byte[] object(String bucket, String name) {
    return buckets.getOrDefault(bucket, Map.of()).get(name);
  }

  public String contentType(String bucket, String name) {
    return contentTypes.get(bucket + "/" + name);
  }

  public List<String> names(String bucket) {
    return buckets.getOrDefault(bucket, Map.of()).keySet().stream().sorted().toList();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** From now on every request needs {@code Authorization: Bearer} {@link #ACCESS_TOKEN}. */
  public void requireToken() {
    requireToken = true;
  }

  /** The next {@code count} uploads (multipart or a resumable session's start) get 503. */
  public void failUploads(int count) {
    failUploads(count, "");
  }

  /** The next {@code count} uploads of objects whose names contain {@code namePart} get 503. */
  public void failUploads(int count, String namePart) {
    failingNamePart = namePart;
    failingUploads.set(count);
  }

  private boolean failsNow(String name) {
    return name.contains(failingNamePart) && failingUploads.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  public int tokenGrants() {
    return tokenGrants.get();
  }

  /** An authorized_user credentials file (gcloud's format) whose token endpoint is this stub. */
  public String userCredentialsJson() {
    return "{\"type\":\"authorized_user\",\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + CLIENT_SECRET
        + "\",\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"token_uri\":\"" + endpoint() + "/token\"}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      seen.add(new Seen(method, path, query, exchange.getRequestHeaders().getFirst("Authorization")));
      if (path.equals("/token")) {
        token(exchange);
        return;
      }
      if (requireToken && !("Bearer " + ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, "authError", "Invalid Credentials");
        return;
      }
      Map<String, String> params = params(query);
      if (path.startsWith("/download/")) path = path.substring("/download".length()); // media downloads
      Matcher m;
      if (path.startsWith("/resumable/")) {
        resumableChunk(exchange, path.substring("/resumable/".length()));
      } else if (method.equals("POST") && (m = UPLOAD.matcher(path)).matches()) {
        upload(exchange, m.group(1), params);
      } else if (method.equals("GET") && (m = OBJECTS.matcher(path)).matches()) {
        list(exchange, m.group(1), params);
      } else if (method.equals("GET") && (m = OBJECT.matcher(path)).matches()) {
        getObject(exchange, m.group(1), decode(m.group(2)), params);
      } else if (method.equals("GET") && (m = BUCKET.matcher(path)).matches()) {
        getBucket(exchange, m.group(1));
      } else {
        error(exchange, 400, "invalid", "the stub does not know " + method + " " + path);
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "backendError", "stub failure: " + e);
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    boolean known = "refresh_token".equals(form.get("grant_type")) && CLIENT_ID.equals(form.get("client_id"))
        && CLIENT_SECRET.equals(form.get("client_secret")) && REFRESH_TOKEN.equals(form.get("refresh_token"));
    if (!known) {
      send(exchange, 400, "application/json",
          "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
      return;
    }
    tokenGrants.incrementAndGet();
    send(exchange, 200, "application/json",
        "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
  }

  private void getBucket(HttpExchange exchange, String bucket) throws IOException {
    if (!buckets.containsKey(bucket)) {
      error(exchange, 404, "notFound", "The specified bucket does not exist.");
      return;
    }
    ObjectNode json = JSON.createObjectNode().put("kind", "storage#bucket").put("id", bucket).put("name", bucket)
        .put("location", "US").put("storageClass", "STANDARD").put("metageneration", "1");
    sendJson(exchange, 200, json);
  }

  private void list(HttpExchange exchange, String bucket, Map<String, String> params) throws IOException {
    Map<String, byte[]> objects = buckets.get(bucket);
    if (objects == null) {
      error(exchange, 404, "notFound", "The specified bucket does not exist.");
      return;
    }
    String prefix = params.getOrDefault("prefix", "");
    ArrayNode items = JSON.createArrayNode();
    objects.keySet().stream().filter(name -> name.startsWith(prefix)).sorted()
        .forEach(name -> items.add(resource(bucket, name, objects.get(name))));
    sendJson(exchange, 200, JSON.createObjectNode().put("kind", "storage#objects").set("items", items));
  }

  private void getObject(HttpExchange exchange, String bucket, String name, Map<String, String> params)
      throws IOException {
    Map<String, byte[]> objects = buckets.get(bucket);
    if (objects == null) {
      error(exchange, 404, "notFound", "The specified bucket does not exist.");
      return;
    }
    byte[] bytes = objects.get(name);
    if (bytes == null) {
      error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
      return;
    }
    if (!"media".equals(params.get("alt"))) {
      sendJson(exchange, 200, resource(bucket, name, bytes));
      return;
    }
    int from = rangeStart(exchange.getRequestHeaders().getFirst("Range"));
    byte[] body = java.util.Arrays.copyOfRange(bytes, Math.min(from, bytes.length), bytes.length);
    exchange.getResponseHeaders().set("x-goog-generation", "1");
    exchange.getResponseHeaders().set("x-goog-hash", "crc32c=" + crc32c(bytes) + ",md5=" + md5(bytes));
    exchange.getResponseHeaders().set("x-goog-stored-content-length", String.valueOf(bytes.length));
    if (from > 0) {
      exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/"
          + bytes.length);
    }
    send(exchange, from > 0 ? 206 : 200, "application/octet-stream", body);
  }

  private static int rangeStart(String range) {
    if (range == null || !range.startsWith("bytes=")) return 0;
    String start = range.substring("bytes=".length(), range.indexOf('-'));
    return start.isEmpty() ? 0 : Integer.parseInt(start);
  }

  private void upload(HttpExchange exchange, String bucket, Map<String, String> params) throws IOException {
    if (!buckets.containsKey(bucket)) {
      error(exchange, 404, "notFound", "The specified bucket does not exist.");
      return;
    }
    String type = params.get("uploadType");
    if ("resumable".equals(type)) {
      JsonNode metadata = JSON.readTree(requestBody(exchange));
      String name = metadata.path("name").asText(params.get("name"));
      if (failsNow(name)) {
        error(exchange, 503, "backendError", "Backend Error");
        return;
      }
      String id = String.valueOf(sessionIds.incrementAndGet());
      sessions.put(id, new Session(bucket, name, metadata.path("contentType").asText(null),
          new ByteArrayOutputStream()));
      exchange.getResponseHeaders().set("Location", endpoint() + "/resumable/" + id);
      send(exchange, 200, "application/json", new byte[0]);
    } else if ("multipart".equals(type)) {
      multipart(exchange, bucket);
    } else {
      error(exchange, 400, "invalid", "uploadType " + type + " is not known to the stub");
    }
  }

  private void multipart(HttpExchange exchange, String bucket) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
    if (!boundary.find()) {
      error(exchange, 400, "invalid", "multipart upload without a boundary");
      return;
    }
    List<byte[]> parts = MultipartBody.parts(requestBody(exchange), boundary.group(1));
    if (parts.size() != 2) {
      error(exchange, 400, "invalid", "a multipart upload has 2 parts, not " + parts.size());
      return;
    }
    JsonNode metadata = JSON.readTree(MultipartBody.body(parts.get(0)));
    if (failsNow(metadata.path("name").asText())) {
      error(exchange, 503, "backendError", "Backend Error");
      return;
    }
    byte[] media = MultipartBody.body(parts.get(1));
    String mismatch = hashMismatch(metadata, media);
    if (mismatch != null) {
      error(exchange, 400, "invalid", mismatch);
      return;
    }
    store(exchange, bucket, metadata.path("name").asText(), metadata.path("contentType").asText(null), media);
  }

  private void resumableChunk(HttpExchange exchange, String id) throws IOException {
    Session session = sessions.get(id);
    if (session == null) {
      error(exchange, 404, "notFound", "no such upload session");
      return;
    }
    byte[] chunk = requestBody(exchange);
    String range = exchange.getRequestHeaders().getFirst("Content-Range"); // bytes a-b/total, bytes */total
    Matcher m = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)").matcher(range == null ? "" : range);
    if (!m.matches()) {
      error(exchange, 400, "invalid", "Content-Range " + range);
      return;
    }
    synchronized (session) {
      long have = session.bytes().size();
      if (m.group(2) != null && Long.parseLong(m.group(2)) == have) session.bytes().write(chunk);
      long total = m.group(4).equals("*") ? -1 : Long.parseLong(m.group(4));
      if (total >= 0 && session.bytes().size() == total) {
        sessions.remove(id);
        store(exchange, session.bucket(), session.name(), session.contentType(), session.bytes().toByteArray());
        return;
      }
      if (session.bytes().size() > 0) {
        exchange.getResponseHeaders().set("Range", "bytes=0-" + (session.bytes().size() - 1));
      }
      send(exchange, 308, "text/plain", new byte[0]);
    }
  }

  /** The request's bytes, unzipped: Google's HTTP client gzips upload bodies. */
  private static byte[] requestBody(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) return raw;
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    }
  }

  private void store(HttpExchange exchange, String bucket, String name, String contentType, byte[] bytes)
      throws IOException {
    buckets.get(bucket).put(name, bytes);
    if (contentType != null) contentTypes.put(bucket + "/" + name, contentType);
    sendJson(exchange, 200, resource(bucket, name, bytes));
  }

  private ObjectNode resource(String bucket, String name, byte[] bytes) {
    ObjectNode json = JSON.createObjectNode().put("kind", "storage#object").put("bucket", bucket).put("name", name)
        .put("id", bucket + "/" + name + "/1").put("generation", "1").put("metageneration", "1")
        .put("size", String.valueOf(bytes.length)).put("md5Hash", md5(bytes)).put("crc32c", crc32c(bytes))
        .put("storageClass", "STANDARD");
    String type = contentTypes.get(bucket + "/" + name);
    if (type != null) json.put("contentType", type);
    return json;
  }

  private static String hashMismatch(JsonNode metadata, byte[] media) {
    if (metadata.hasNonNull("crc32c") && !metadata.get("crc32c").asText().equals(crc32c(media))) {
      return "Provided CRC32C \"" + metadata.get("crc32c").asText() + "\" doesn't match calculated CRC32C";
    }
    if (metadata.hasNonNull("md5Hash") && !metadata.get("md5Hash").asText().equals(md5(media))) {
      return "Provided MD5 hash doesn't match calculated MD5 hash";
    }
    return null;
  }

  static String crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static String md5(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null) return params;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
    ObjectNode detail = JSON.createObjectNode().put("domain", "global").put("reason", reason).put("message", message);
    ObjectNode error = JSON.createObjectNode().put("code", status).put("message", message);
    error.set("errors", JSON.createArrayNode().add(detail));
    sendJson(exchange, status, JSON.createObjectNode().set("error", error));
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
    send(exchange, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(json));
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** multipart/related bodies, split at the byte level (the media part is binary). */
  static final class MultipartBody {
    private MultipartBody() {}

    static List<byte[]> parts(byte[] body, String boundary) {
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      List<Integer> starts = new ArrayList<>();
      for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
        starts.add(i);
      }
      List<byte[]> parts = new ArrayList<>();
      for (int p = 0; p + 1 < starts.size(); p++) {
        int from = starts.get(p) + delimiter.length + 2; // the CRLF after the delimiter
        int to = starts.get(p + 1) - 2; // the CRLF before the next one
        parts.add(java.util.Arrays.copyOfRange(body, from, to));
      }
      return parts;
    }

    /** A part's content after its headers. */
    static byte[] body(byte[] part) {
      int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      return split < 0 ? part : java.util.Arrays.copyOfRange(part, split + 4, part.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
      outer:
      for (int i = from; i <= haystack.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) continue outer;
        }
        return i;
      }
      return -1;
    }
  }

  /** Whether {@code seen} holds a request of this method whose path contains {@code part}. */
  public static long count(List<Seen> seen, String method, String part) {
    return seen.stream().filter(s -> s.method().equals(method) && (s.path() + "?" + s.query()).contains(part))
        .count();
  }
}
