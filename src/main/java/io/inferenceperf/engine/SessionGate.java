package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Runs one stage's turns of user sessions strictly one at a time per session. The pacer submits each turn when
 * it is due; a turn of an idle session is built and sent at once, a turn of a busy session waits for the turn in
 * flight and is built and sent when that one finishes, still with its own intended time, so the wait shows up
 * in its schedule_delay. Turns are built, and finished turns processed, on the gate's own thread: never on the
 * pacer's or an I/O thread. After {@link #close} no turn starts any more; turns still waiting then were never
 * sent: they count as {@link #dropped()} and their due times are kept ({@link #droppedDueTimes()}) so the stage can
 * record them.
 *
 * <p>A factory may ask for a pause after a turn ({@link SessionRequestFactory#pauseNanosAfter}): the session stays
 * busy that long after the turn's record went on, and its next turn is then due no earlier than the pause's end, so
 * the pause is part of neither that turn's latency nor the next one's schedule_delay. Pauses are timed by a
 * scheduler thread of the gate's own, made on the first pause.
 */
final class SessionGate implements AutoCloseable {

  /** Hands a built turn to the transport (the stage runner's send: it assigns the run-wide seq). */
  interface Sender {
    void send(PreparedRequest request, long dueNanos, Consumer<RequestRecord> onComplete);
  }

  private record Turn(long index, int session, long dueNanos, Consumer<RequestRecord> onFinished) {
    Turn notBefore(long nanos) {
      return nanos - dueNanos > 0 ? new Turn(index, session, nanos, onFinished) : this;
    }
  }

  /** The gate's worker for a stage: one thread of its own in a run; the caller's thread in virtual-time tests. */
  static final IntFunction<ExecutorService> OWN_THREAD = stageId -> Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "session-turns-stage-" + stageId);
    thread.setDaemon(true);
    return thread;
  });

  private final SessionRequestFactory factory;
  private final int stageId;
  private final Sender sender;
  private final ExecutorService worker;
  private final LongSupplier nanoTime;
  private ScheduledExecutorService pauses; // made on the first pause
  private final boolean[] busy;
  private final ArrayDeque<Turn>[] waiting;
  private int unsent;
  private long dropped;
  private final List<Long> droppedDueNanos = new ArrayList<>();
  private boolean closed;
  private volatile RuntimeException failure;

  SessionGate(SessionRequestFactory factory, int stageId, Sender sender, IntFunction<ExecutorService> workers) {
    this(factory, stageId, sender, workers, System::nanoTime);
  }

  /** @param nanoTime the engine's clock, which a pause's end is read from */
  @SuppressWarnings("unchecked")
  SessionGate(SessionRequestFactory factory, int stageId, Sender sender, IntFunction<ExecutorService> workers,
      LongSupplier nanoTime) {
    this.factory = factory;
    this.nanoTime = nanoTime;
    this.stageId = stageId;
    this.sender = sender;
    int sessions = factory.sessionCount();
    this.busy = new boolean[sessions];
    this.waiting = new ArrayDeque[sessions];
    for (int i = 0; i < sessions; i++) waiting[i] = new ArrayDeque<>();
    this.worker = workers.apply(stageId);
    worker.execute(() -> factory.stageStarting(stageId));
  }

  /**
   * Turn {@code index} is due at {@code dueNanos}; {@code onFinished} gets its record. Rethrows a failure of
   * the factory from an earlier turn (e.g. a prompt that cannot be built), as the preparer does.
   */
  void submit(long index, long dueNanos, Consumer<RequestRecord> onFinished) {
    rethrowFailure();
    Turn turn = new Turn(index, factory.sessionOf(index), dueNanos, onFinished);
    synchronized (this) {
      if (closed) {
        dropped++;
        droppedDueNanos.add(dueNanos);
        return;
      }
      unsent++;
      if (busy[turn.session]) {
        waiting[turn.session].add(turn);
        return;
      }
      busy[turn.session] = true;
    }
    worker.execute(() -> start(turn));
  }

  /** Throws the factory's failure, if building a turn failed. */
  void rethrowFailure() {
    RuntimeException failed = failure;
    if (failed != null) throw failed;
  }

  /** Turns submitted and not yet handed to the transport (waiting for their session, or being built). */
  synchronized int unsent() {
    return unsent;
  }

  /** Turns that never started because the gate closed first. */
  synchronized long dropped() {
    return dropped;
  }

  /** The due times of the turns that never started, in no particular order. */
  synchronized List<Long> droppedDueTimes() {
    return List.copyOf(droppedDueNanos);
  }

  /** On the gate's thread: builds the turn from its session's context and sends it. */
  private void start(Turn turn) {
    PreparedRequest request;
    try {
      synchronized (this) {
        if (closed) {
          dropWaiting(turn);
          return;
        }
      }
      request = factory.prepare(stageId, turn.index);
    } catch (RuntimeException e) {
      failure = e;
      synchronized (this) {
        dropWaiting(turn);
      }
      return;
    }
    synchronized (this) { // held while sending, so that no turn leaves after close() returned
      if (closed) {
        dropWaiting(turn);
        return;
      }
      unsent--;
      sender.send(request, turn.dueNanos, new Finished(turn));
    }
  }

  /** Drops {@code turn} (not sent) and every turn waiting behind it on its session. Holds the lock. */
  private void dropWaiting(Turn turn) {
    int count = 1 + waiting[turn.session].size();
    droppedDueNanos.add(turn.dueNanos);
    for (Turn behind : waiting[turn.session]) droppedDueNanos.add(behind.dueNanos);
    waiting[turn.session].clear();
    busy[turn.session] = false;
    unsent -= count;
    dropped += count;
  }

  /**
   * On the gate's thread: the session's context moves on, the record goes on, the next turn starts (after the
   * session's pause, if the factory asks for one).
   */
  private void finished(Turn turn, RequestRecord record, String generatedText) {
    long pauseNanos = 0;
    try {
      factory.turnFinished(turn.index, record, generatedText);
      pauseNanos = factory.pauseNanosAfter(turn.index, record);
    } catch (RuntimeException e) {
      failure = e; // the pacer rethrows it; the session still moves on so that nothing waits forever
    }
    turn.onFinished.accept(record);
    if (pauseNanos > 0) {
      pause(turn.session, pauseNanos);
    } else {
      resume(turn.session, Long.MIN_VALUE);
    }
  }

  /** Keeps {@code session} busy for {@code pauseNanos}, then resumes it on the gate's thread. */
  private void pause(int session, long pauseNanos) {
    long endNanos = nanoTime.getAsLong() + pauseNanos;
    try {
      pauses().schedule(() -> {
        try {
          worker.execute(() -> resume(session, endNanos));
        } catch (RejectedExecutionException gateClosed) {
          // the stage is over: its waiting turns were dropped when it stopped starting turns
        }
      }, pauseNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException gateClosed) {
      // closed meanwhile: nothing more starts on this session
    }
  }

  private synchronized ScheduledExecutorService pauses() {
    if (pauses == null) {
      pauses = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "session-pauses-stage-" + stageId);
        thread.setDaemon(true);
        return thread;
      });
    }
    return pauses;
  }

  /** On the gate's thread: the session's next waiting turn starts, due no earlier than {@code notBeforeNanos}. */
  private void resume(int session, long notBeforeNanos) {
    Turn next;
    synchronized (this) {
      next = waiting[session].poll();
      if (next == null) busy[session] = false;
    }
    if (next != null) start(notBeforeNanos == Long.MIN_VALUE ? next : next.notBefore(notBeforeNanos));
  }

  /** The transport's callback for one turn: hands the outcome to the gate's thread. */
  private final class Finished implements GeneratedTextCallback {
    private final Turn turn;

    Finished(Turn turn) {
      this.turn = turn;
    }

    @Override
    public void complete(RequestRecord record, String generatedText) {
      try {
        worker.execute(() -> finished(turn, record, generatedText));
      } catch (RejectedExecutionException gateClosed) {
        turn.onFinished.accept(record); // too late for the conversation, not for the record
      }
    }
  }

  /** No turn starts from now on; turns in flight still finish and are delivered. */
  void stopStarting() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      for (ArrayDeque<Turn> queue : waiting) {
        unsent -= queue.size();
        dropped += queue.size();
        for (Turn turn : queue) droppedDueNanos.add(turn.dueNanos);
        queue.clear();
      }
    }
  }

  /**
   * Stops starting turns and waits until every finished turn was delivered (call once the transport has nothing
   * in flight), so that all of the stage's records go on before the stage ends.
   */
  @Override
  public void close() {
    stopStarting();
    synchronized (this) {
      if (pauses != null) pauses.shutdownNow(); // a pause's end would only find its session's turns dropped
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) worker.shutdownNow();
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
