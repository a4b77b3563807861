/** Data generators: where prompts come from (mock, random, datasets), reproducible under load.base_seed. */
package io.inferenceperf.data;
