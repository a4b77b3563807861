package io.inferenceperf.cli;

import io.inferenceperf.engine.StopSignal;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C and SIGTERM into a graceful stop: the first signal stops sending, lets requests in flight finish
 * within the grace period and writes every report; a second Ctrl-C exits at once.
 *
 * <p>A signal that was ignored when the process started stays ignored: the JVM does not take it over (a
 * non-interactive shell starts background jobs with SIGINT ignored, and children inherit that). The tool then says
 * so at start, since Ctrl-C will do nothing.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static final AtomicReference<String> received = new AtomicReference<>();

  private Signals() {}

  static void install(StopSignal stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        SignalHandler previous = Signal.handle(new Signal(name), signal -> onSignal(stop, signal.getName()));
        if (previous == SignalHandler.SIG_IGN) { // the JVM refused: the signal stays ignored
          LOG.warn("{}", ignoredWarning(name, "the run", ProcessHandle.current().pid()));
        }
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("cannot handle SIG{}: {}", name, e.toString());
      }
    }
  }

  /**
   * Before the load (tokenizer loading, data preparation, the client's warm-up) nothing is measured yet: a signal
   * ends the process at once with 130 / 143, saying that nothing was sent. {@link #install} replaces this when the
   * load starts. A signal ignored at start stays ignored (the JVM refuses it); {@link #install} warns about that.
   */
  static void installBeforeLoad() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          received.compareAndSet(null, name);
          System.err.println("\nSIG" + name + " received before the load started: exiting; nothing was sent to"
              + " the server.");
          System.exit(name.equals("TERM") ? ExitCode.INTERRUPTED_TERM.code : ExitCode.INTERRUPTED_INT.code);
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("cannot handle SIG{}: {}", name, e.toString());
      }
    }
  }

  /** Whether a signal asked the run to stop (at any time: during a stage, after the last, while reporting). */
  static boolean receivedAny() {
    return received.get() != null;
  }

  /**
   * For commands that keep the JVM's own handling of Ctrl-C (shutdown hooks): warns when SIGINT is ignored, and
   * otherwise puts the JVM's handler straight back.
   *
   * @param what what Ctrl-C would stop, e.g. "the simulator"
   */
  static void warnIfSigintIgnored(String what) {
    try {
      Signal sigint = new Signal("INT");
      SignalHandler previous = Signal.handle(sigint, signal -> { });
      if (previous == SignalHandler.SIG_IGN) {
        LOG.warn("{}", ignoredWarning("INT", what, ProcessHandle.current().pid()));
      } else {
        Signal.handle(sigint, previous);
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("cannot look at SIGINT: {}", e.toString());
    }
  }

  /** What to tell the user when SIG{@code name} (INT or TERM) was ignored at start. */
  static String ignoredWarning(String name, String what, long pid) {
    return name.equals("INT")
        ? "SIGINT is ignored by this process (started as a background job?): Ctrl-C will not stop " + what
            + "; use kill -TERM " + pid
        : "SIGTERM is ignored by this process: kill -TERM will not stop " + what + "; use Ctrl-C or kill -INT " + pid;
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
