package io.inferenceperf.record;

import java.util.function.Consumer;

/**
 * One response header a request wants to see, and who gets its value (e.g. a router's session token, kept for the
 * session's next turn). The sink runs on an I/O thread and must be quick.
 *
 * @param name the header name, lower case
 * @param sink gets the header's value when the response carries it
 */
public record HeaderCapture(String name, Consumer<String> sink) {}
