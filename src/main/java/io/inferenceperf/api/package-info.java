/** API formats: OpenAI completion and chat request bodies, and decoding of their responses and SSE chunks. Pure. */
package io.inferenceperf.api;
