package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The I/O threads' scheduling as the kernel sees it: the policy is read back from /proc (field 41 of a thread's stat
 * line: 0 = normal, 1 = SCHED_FIFO), so a transport that says "realtime" must really have it.
 */
class IoPriorityTest {
  private static final String NOWHERE = "http://127.0.0.1:9";

  @Test
  void aChoiceOfNormalLeavesTheThreadsOrdinaryAndSaysSo() throws Exception {
    assumeTrue(Posix.SUPPORTED, "Linux only");
    for (Transport transport : List.<Transport>of(
        new KernelTransport(TransportOptions.of(NOWHERE).withIoPriority(IoPriority.NORMAL)),
        new HttpTransport(TransportOptions.of(NOWHERE).withIoPriority(IoPriority.NORMAL)))) {
      try (transport) {
        assertFalse(transport.ioPriority().realtime());
        assertEquals("normal", transport.ioPriority().reportName());
        assertEquals(List.of(0), ioThreadPolicies(transport, 1));
      }
    }
  }

  @Test
  void autoGivesRealTimeWhereAllowedAndOtherwiseSaysHowToAllowIt() throws Exception {
    assumeTrue(Posix.SUPPORTED, "Linux only");
    for (Transport transport : List.<Transport>of(
        new KernelTransport(TransportOptions.of(NOWHERE).withLoops(2, 10, 0)),
        new HttpTransport(TransportOptions.of(NOWHERE).withLoops(2, 10, 0)))) {
      try (transport) {
        IoPriority.Outcome outcome = transport.ioPriority();
        if (outcome.realtime()) {
          assertEquals("realtime (SCHED_FIFO)", outcome.reportName());
          assertEquals(List.of(1, 1), ioThreadPolicies(transport, 2), "both loops run under SCHED_FIFO");
        } else {
          assertTrue(outcome.detail().contains("CAP_SYS_NICE"), outcome.detail());
          assertEquals(List.of(0, 0), ioThreadPolicies(transport, 2));
        }
      }
    }
  }

  @Test
  void theFirstRefusalIsTheOutcome() {
    assertTrue(IoPriority.combine(Arrays.asList(null, null)).realtime());
    IoPriority.Outcome outcome = IoPriority.combine(Arrays.asList(null, "refused"));
    assertFalse(outcome.realtime());
    assertEquals("refused", outcome.detail());
    assertEquals(IoPriority.REALTIME, IoPriority.fromConfig("realtime"));
    assertEquals(IoPriority.AUTO, IoPriority.fromConfig(null));
  }

  /** The scheduling policy of each I/O thread, read by the thread itself from /proc/thread-self/stat. */
  private static List<Integer> ioThreadPolicies(Transport transport, int loops) throws Exception {
    List<Integer> policies = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(loops);
    Runnable read = () -> {
      policies.add(policy(Path.of("/proc/thread-self")));
      done.countDown();
    };
    if (transport instanceof KernelTransport kernel) kernel.executeOnLoops(read);
    if (transport instanceof HttpTransport netty) netty.executeOnLoops(read);
    assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS), "every loop answered");
    return List.copyOf(policies);
  }

  private static int policy(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(afterName[41 - 3]); // fields from the 3rd on; policy is the 41st
    } catch (IOException e) {
      return -1;
    }
  }
}
