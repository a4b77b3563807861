package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.options.OptionCatalog;
import io.inferenceperf.simulator.options.OptionSpec;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The simulate command: help, bad options, and a real start-serve-stop cycle. */
class SimulatorMainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertEquals(0, SimulatorMain.run(new String[] {"--help"}, out, err));
    String help = outBytes.toString(StandardCharsets.UTF_8);
    for (OptionSpec spec : OptionCatalog.ALL) {
      assertTrue(help.contains("--" + spec.key().replace('_', '-') + " <"), spec.key());
      assertTrue(help.contains(spec.help()), spec.key());
    }
    assertTrue(help.contains("Default: simulated-model"));
    assertTrue(help.contains("fixed=20"), "profile-specific values are listed: ttft_ms of the fixed profile");
  }

  @Test
  void badOptionsExitTwoWithEveryProblem() {
    int code = SimulatorMain.run(new String[] {"--itl-ms", "soon", "--max-seqs", "3"}, out, err);
    assertEquals(2, code);
    String errors = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("simulate: itl_ms: expected a number, got 'soon'"), errors);
    assertTrue(errors.contains("did you mean 'max_num_seqs'"), errors);
    assertTrue(errors.contains("simulate --help"), errors);
    assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTakenPortExitsOneWithAMessage() {
    try (RunningSimulator taken = Simulator.start(SimulatorOptions.profile("zero"))) {
      int code = SimulatorMain.run(new String[] {"--port", String.valueOf(taken.port())}, out, err);
      assertEquals(1, code);
      assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("cannot start the simulator on 127.0.0.1:" + taken.port()));
    }
  }

  @Test
  void servesUntilStoppedAndPrintsWhereItListens() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          runner.submit(
              () -> SimulatorMain.run(
                  new String[] {"--port=0", "--profile", "fixed", "--model", "tiny", "--ttft-ms", "1"}, out, err, stop, false));
      Pattern listening = Pattern.compile("simulator listening on http://127\\.0\\.0\\.1:(\\d+) \\(profile fixed, model tiny\\)");
      Matcher matcher = listening.matcher("");
      for (int i = 0; i < 500 && !matcher.find(); i++) {
        Thread.sleep(10);
        matcher = listening.matcher(outBytes.toString(StandardCharsets.UTF_8));
      }
      assertTrue(matcher.find(0), "printed: " + outBytes);
      int port = Integer.parseInt(matcher.group(1));
      String baseUrl = "http://127.0.0.1:" + port;
      assertTrue(new SimHttp(baseUrl).get("/v1/models").body().contains("\"id\":\"tiny\""));
      stop.countDown();
      assertEquals(0, exit.get(10, TimeUnit.SECONDS));
      assertTrue(
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
              new java.net.Socket("127.0.0.1", port).close();
              return false;
            } catch (java.io.IOException refused) {
              return true;
            }
          }).get(10, TimeUnit.SECONDS),
          "the port is closed after stopping");
    } finally {
      stop.countDown();
      runner.shutdownNow();
    }
  }
}
