package io.inferenceperf.simulator.engine;

/**
 * The simulator's view of a prompt: how many tokens it has and the chained hash of each full block of
 * {@code blockTokens} tokens (block i's hash covers blocks 0..i, so equal hashes mean equal prefixes).
 *
 * @param count prompt tokens
 * @param blockHashes one hash per full block, in order
 */
public record PromptTokens(int count, long[] blockHashes) {}
