package io.inferenceperf.cli;

import io.inferenceperf.engine.StopSignal;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns Ctrl-C and SIGTERM into a graceful stop: the first signal stops sending, lets requests in flight finish
 * within the grace period and writes every report; a second Ctrl-C exits at once.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static final AtomicReference<String> received = new AtomicReference<>();

  private Signals() {}

  static void install(StopSignal stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> onSignal(stop, signal.getName()));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("cannot handle SIG{}: {}", name, e.toString());
      }
    }
  }

  private static void onSignal(StopSignal stop, String name) {
    if (!received.compareAndSet(null, name)) {
      System.err.println("\nSecond signal: exiting now without waiting.");
      Runtime.getRuntime().halt(name.equals("TERM") ? 143 : 130);
    }
    System.err.println("\nSIG" + name + " received: stopping; writing reports of what was measured "
        + "(send the signal again to exit at once).");
    stop.stop("SIG" + name);
  }

  /** The exit code for the signal that stopped the run. */
  static ExitCode exitCode() {
    return "TERM".equals(received.get()) ? ExitCode.INTERRUPTED_TERM : ExitCode.INTERRUPTED_INT;
  }
}
