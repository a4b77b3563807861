package io.inferenceperf.servermetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes model servers' /metrics endpoints every scrape interval into a {@link ScrapeStore}, for runs without a
 * Prometheus. The schedule is absolute (interval k at start + k*interval), so slow scrapes do not make it drift;
 * each scrape is bounded by a timeout. A failed scrape is recorded as an error and the loop goes on.
 */
final class DirectScraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectScraper.class);

  private final List<String> targets;
  private final HttpClient client;
  private final long intervalNanos;
  private final Duration timeout;
  private final ScrapeStore store;
  private final LongSupplier wallClockMillis;
  private final LongSupplier nanoTime;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Set<String> errors = new LinkedHashSet<>();
  private Thread loop;

  DirectScraper(
      List<String> targets,
      HttpClient client,
      Duration interval,
      Duration timeout,
      ScrapeStore store,
      LongSupplier wallClockMillis,
      LongSupplier nanoTime) {
    this.targets = List.copyOf(targets);
    this.client = client;
    this.intervalNanos = Math.max(1, interval.toNanos());
    this.timeout = timeout.compareTo(interval) < 0 ? timeout : interval;
    this.store = store;
    this.wallClockMillis = wallClockMillis;
    this.nanoTime = nanoTime;
  }

  /** Scrapes once now, then every interval on a background thread until {@link #close()}. */
  synchronized void start() {
    if (loop != null) {
      return;
    }
    scrapeNow();
    loop = Thread.ofPlatform().daemon().name("server-metrics-scraper").start(this::run);
  }

  private void run() {
    long startNanos = nanoTime.getAsLong();
    for (long k = 1; ; k++) {
      long waitNanos = startNanos + k * intervalNanos - nanoTime.getAsLong();
      try {
        if (waitNanos > 0 && stop.await(waitNanos, TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      if (stop.getCount() == 0) {
        return;
      }
      if (waitNanos < -intervalNanos) {
        // Fell more than one interval behind (a long GC or a slow target): skip missed slots, do not burst.
        k += (-waitNanos) / intervalNanos;
      }
      scrapeNow();
    }
  }

  /** Scrapes every target once, now, on the calling thread. */
  void scrapeNow() {
    for (String target : targets) {
      scrape(target);
    }
  }

  private void scrape(String target) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(timeout)
              .header("Accept", "text/plain;version=0.0.4")
              .GET()
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      // Stamped when the answer arrived, not when it was asked for: the server rendered its counters somewhere in
      // between, so this stamp is never earlier than the state it shows. A baseline sample taken just before a
      // stage therefore cannot include that stage's first requests.
      long timeMillis = wallClockMillis.getAsLong();
      if (response.statusCode() / 100 != 2) {
        error("scrape of " + target + " answered HTTP " + response.statusCode());
        return;
      }
      PrometheusTextParser.Result parsed = PrometheusTextParser.parse(response.body());
      if (!parsed.problems().isEmpty()) {
        error("scrape of " + target + " had unparsable lines, e.g. " + parsed.problems().get(0));
      }
      store.addScrape(target, timeMillis, parsed.samples());
    } catch (IOException | IllegalArgumentException e) {
      error("scrape of " + target + " failed: " + WindowEvaluator.rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void error(String message) {
    boolean first;
    synchronized (errors) {
      first = errors.add(message);
    }
    if (first) {
      LOG.warn("{}", message);
    }
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = loop;
    }
    if (t != null) {
      try {
        t.join(timeout.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
