package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inferenceperf.record.Failure.Kind;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.transport.SenderTestSupport.Client;
import org.junit.jupiter.api.Test;

/**
 * A server that sends one endless SSE line (here 48 MiB, six times the cap) makes its request a recorded protocol
 * failure on both transports, the connection is dropped, and the next request on a new connection succeeds. The
 * framer's buffers stop at {@link SseFramer#MAX_EVENT_BYTES}, which SseFramerTest pins byte for byte.
 */
class HugeEventTest {

  private static final int PIECE = 1024 * 1024;
  private static final int FIRST_CONNECTION = 1;

  private static ScriptedHttpServer server() throws Exception {
    String piece = "x".repeat(PIECE);
    return new ScriptedHttpServer((request, wire) -> {
      if (request.connection() == FIRST_CONNECTION) {
        wire.sseHead();
        wire.write(Integer.toHexString(6 + 48 * PIECE) + "\r\ndata: ");
        for (int i = 0; i < 48; i++) wire.write(piece); // the client hangs up part-way: the write then fails
        wire.write("\r\n");
      } else {
        wire.sseHead();
        wire.chunk(role() + content("ok") + DONE);
        wire.endChunks();
      }
    });
  }

  private static void hugeLineFailsTheRequestOnly(TransportOptions.KernelTimestamps use, Class<?> transportType)
      throws Exception {
    try (ScriptedHttpServer server = server();
        Client client = new Client(TransportOptions.of(server.baseUrl()).withKernelTimestamps(use))) {
      assertInstanceOf(transportType, client.sender.transport());
      RequestRecord huge = client.call(chatRequest());
      assertEquals(Kind.PROTOCOL, huge.failure().kind(), huge.failure().toString());
      assertTrue(huge.failure().message().contains("SSE line or event longer than 8 MiB"), huge.failure().message());
      RequestRecord next = client.call(chatRequest());
      assertTrue(next.success(), String.valueOf(next.failure()));
      assertEquals(2, server.connections.get(), "the connection of the huge line was not reused");
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void nettyTransport() throws Exception {
    hugeLineFailsTheRequestOnly(TransportOptions.KernelTimestamps.OFF, HttpTransport.class);
  }

  @Test
  void kernelTransport() throws Exception {
    assumeTrue(KernelTransport.unavailableReason(ServerAddress.parse("http://127.0.0.1:1")) == null,
        "the kernel transport needs Linux");
    hugeLineFailsTheRequestOnly(TransportOptions.KernelTimestamps.ON, KernelTransport.class);
  }
}
