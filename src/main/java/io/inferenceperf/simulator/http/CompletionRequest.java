package io.inferenceperf.simulator.http;

import io.inferenceperf.simulator.engine.PromptTokens;
import io.inferenceperf.simulator.metrics.MediaParts;

/**
 * The parts of a /v1/completions, /v1/chat/completions or /v1/messages request that the simulator honours.
 *
 * @param chat whether it came on the chat route
 * @param model the requested model, or null when absent (the base model is used)
 * @param stream SSE response
 * @param includeUsage stream_options.include_usage
 * @param maxTokens max_completion_tokens, else max_tokens; -1 when absent
 * @param minTokens min_tokens, 0 when absent
 * @param ignoreEos ignore_eos
 * @param prompt the prompt's tokens as the simulator counts them (text only)
 * @param anthropic whether it came on the Anthropic Messages route (/v1/messages)
 * @param media the media content parts of a chat request
 * @param toolCall the function a forced tool_choice makes the model call (chat or Anthropic, with tools), or null
 */
record CompletionRequest(
    boolean chat,
    String model,
    boolean stream,
    boolean includeUsage,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    PromptTokens prompt,
    boolean anthropic,
    MediaParts media,
    String toolCall) {}
